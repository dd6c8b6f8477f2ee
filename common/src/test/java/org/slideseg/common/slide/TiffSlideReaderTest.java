package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads slides written by libvips, not by us: the files users bring. */
class TiffSlideReaderTest {
  private static final Configuration CONF = new Configuration();
  private static final int W = 1500;
  private static final int H = 1100;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "none, gray, 0",
    "lzw, gray, 0",
    "deflate, gray, 0",
    "jpeg, gray, 2",
    "none, rgb, 0",
    "lzw, rgb, 0",
    "deflate, rgb, 0",
    "jpeg, rgb, 3",
  })
  void readsRegionsOfEveryLevelOfVipsPyramids(String compression, String colour, int meanError)
      throws Exception {
    BufferedImage source = TestImages.pattern(W, H, type(colour));
    Path tiff = vips(source, compression);
    int channels = colour.equals("gray") ? 1 : 3;
    PixelRegion expected = PixelRegion.of(source, channels);
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), CONF)) {
      SlidePyramid pyramid = reader.pyramid();
      assertThat(pyramid.channels()).isEqualTo(channels);
      assertThat(pyramid.levels())
          .extracting(PyramidLevel::width)
          .containsExactly(1500, 750, 375, 187);
      assertThat(pyramid.level(0).tileWidth()).isEqualTo(256);
      assertThat(pyramid.level(2).downsample()).isEqualTo(4.0);
      // A region across tile borders, not aligned to tiles.
      PixelRegion region = reader.readRegion(RegionRequest.of(0, 250, 300, 300, 270));
      if (compression.equals("jpeg")) {
        assertThat(meanDifference(region, expected, 250, 300)).isLessThanOrEqualTo(meanError);
      } else {
        assertThat(maxDifference(region, expected, 250, 300)).isZero();
      }
      PixelRegion reduced = reader.readRegion(RegionRequest.of(3, 170, 120, 8, 8));
      assertThat(reduced.width()).isEqualTo(8);
    }
  }

  /** A pixel size where the file states one; none where it holds a writer's 72 dpi default. */
  @Test
  void readsPixelSizeButNotScreenDefaults() throws Exception {
    Path png =
        TestImages.writePng(TestImages.pattern(300, 200, type("gray")), dir.resolve("r.png"));
    Path stated =
        TestImages.vipsTiffsave(
            png, dir.resolve("4000.tif"), "--tile", "--xres", "4000", "--yres", "4000");
    Path unstated = TestImages.vipsTiffsave(png, dir.resolve("default.tif"), "--tile");
    try (SlideReader reader = SlideReaders.open(stated.toUri(), CONF)) {
      assertThat(reader.pyramid().mpp()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-3));
    }
    try (SlideReader reader = SlideReaders.open(unstated.toUri(), CONF)) {
      assertThat(reader.pyramid().mpp()).isNaN();
    }
  }

  @Test
  void refusesToReadColoursAsClassLabels() throws Exception {
    Path rgb = vips(TestImages.pattern(300, 200, type("rgb")), "deflate");
    assertThatThrownBy(() -> SlideReaders.openLabels(rgb.toUri(), CONF).close())
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining(rgb.getFileName().toString())
        .hasMessageContaining("not an image of class labels");
  }

  @Test
  void readingOneTileReadsFarLessThanTheFile() throws Exception {
    Path tiff = vips(TestImages.pattern(W, H, BufferedImage.TYPE_3BYTE_BGR), "deflate");
    try (var reader = (TiffSlideReader) SlideReaders.open(tiff.toUri(), CONF)) {
      long afterOpen = reader.bytesRead();
      reader.readRegion(RegionRequest.of(0, 520, 520, 200, 200));
      long tileBytes = reader.bytesRead() - afterOpen;
      assertThat(tileBytes).isPositive().isLessThan(Files.size(tiff) / 8);
    }
  }

  @Test
  void readsPlainPng() throws Exception {
    BufferedImage source = TestImages.pattern(300, 200, BufferedImage.TYPE_BYTE_GRAY);
    Path png = TestImages.writePng(source, dir.resolve("plain.png"));
    try (SlideReader reader = SlideReaders.open(png.toUri(), CONF)) {
      assertThat(reader.pyramid().levels()).hasSize(1);
      PixelRegion region = reader.readRegion(RegionRequest.of(0, 10, 20, 50, 40));
      assertThat(maxDifference(region, PixelRegion.of(source, 1), 10, 20)).isZero();
    }
  }

  @Test
  void readsAStrippedTiffWhoseLastStripIsShort() throws Exception {
    // The JDK's TIFF writer stores uncompressed strips of about 8 KB: 27 rows of 300, so the last
    // of 101 rows holds 20.
    BufferedImage source = TestImages.pattern(300, 101, BufferedImage.TYPE_BYTE_GRAY);
    Path tiff = dir.resolve("stripped.tif");
    assertThat(javax.imageio.ImageIO.write(source, "tiff", tiff.toFile())).isTrue();
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), CONF)) {
      assertThat(reader.pyramid().level(0).tileHeight()).isLessThan(101);
      PixelRegion all = reader.readRegion(RegionRequest.of(0, 0, 0, 300, 101));
      assertThat(maxDifference(all, PixelRegion.of(source, 1), 0, 0)).isZero();
    }
  }

  @Test
  void rejectsAFileThatIsNoImageNamingIt() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.tif"), "not a slide");
    assertThatThrownBy(() -> SlideReaders.open(text.toUri(), CONF))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("notes.tif")
        .hasMessageContaining("not a TIFF, PNG or JPEG file");
  }

  @Test
  void anEmptyFileIsCalledEmpty() throws IOException {
    Path empty = Files.write(dir.resolve("empty.tif"), new byte[0]);
    assertThatThrownBy(() -> SlideReaders.open(empty.toUri(), CONF))
        .isInstanceOf(SlideFormatException.class)
        .hasMessage(empty.toUri() + ": empty file (0 bytes)");
  }

  @Test
  void aDicomFileIsNamedAsDicom() throws IOException {
    byte[] dicom = new byte[300];
    System.arraycopy("DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, dicom, 128, 4);
    Path file = Files.write(dir.resolve("slide.dcm"), dicom);
    assertThatThrownBy(() -> SlideReaders.open(file.toUri(), CONF))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("slide.dcm: a DICOM file")
        .hasMessageContaining("convert");
  }

  @Test
  void aDecoderFailureWithoutMessageStillSaysWhat() {
    assertThat(SlideFormatException.reason(new ArrayIndexOutOfBoundsException()))
        .isEqualTo("the decoder failed with ArrayIndexOutOfBoundsException");
    assertThat(SlideFormatException.reason(new java.io.EOFException("end of tile")))
        .isEqualTo("end of tile");
  }

  @Test
  void rejectsARegionOutsideTheLevel() throws Exception {
    Path tiff = vips(TestImages.pattern(W, H, BufferedImage.TYPE_BYTE_GRAY), "deflate");
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), CONF)) {
      assertThatThrownBy(() -> reader.readRegion(RegionRequest.of(0, 1400, 0, 200, 10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside level 0 of 1500 x 1100");
    }
  }

  private Path vips(BufferedImage source, String compression) throws Exception {
    Path png = TestImages.writePng(source, dir.resolve("source-" + compression + ".png"));
    return TestImages.vipsTiffsave(
        png,
        dir.resolve("slide-" + compression + ".tif"),
        "--tile",
        "--pyramid",
        "--bigtiff",
        "--tile-width",
        "256",
        "--tile-height",
        "256",
        "--compression",
        compression);
  }

  private static int type(String colour) {
    return colour.equals("gray") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
  }

  static double meanDifference(PixelRegion region, PixelRegion full, int x0, int y0) {
    double sum = 0;
    for (int y = 0; y < region.height(); y++) {
      for (int x = 0; x < region.width(); x++) {
        for (int c = 0; c < region.channels(); c++) {
          sum += Math.abs(region.sample(x, y, c) - full.sample(x0 + x, y0 + y, c));
        }
      }
    }
    return sum / region.pixels().length;
  }

  static int maxDifference(PixelRegion region, PixelRegion full, int x0, int y0) {
    int max = 0;
    for (int y = 0; y < region.height(); y++) {
      for (int x = 0; x < region.width(); x++) {
        for (int c = 0; c < region.channels(); c++) {
          max = Math.max(max, Math.abs(region.sample(x, y, c) - full.sample(x0 + x, y0 + y, c)));
        }
      }
    }
    return max;
  }
}
