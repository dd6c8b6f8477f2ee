package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JPEG 2000 tiles, decoded in pure Java, against OpenJPEG's own output: libvips' (33004) and
 * OpenSlide's (Aperio's 33003 and 33005) decoding of the same files.
 */
class Jpeg2000TilesTest {
  private static final Configuration CONF = new Configuration();
  private static final int W = 700;
  private static final int H = 500;

  @TempDir Path dir;

  /**
   * libvips' JPEG 2000 TIFFs against libvips' own decoding (OpenJPEG, then its YCbCr to RGB, which
   * truncates where we round; lossy colour adds the two decoders' float rounding of the inverse
   * wavelet and colour transforms): a region across tiles, and a reduced level. Lossless gray is
   * also exactly the picture; libvips' "lossless" colour is not, as it rounds RGB to YCbCr first.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"gray, --lossless, 0", "rgb, --lossless, 1", "rgb, --Q=40, 4", "gray, --Q=40, 1"})
  void tilesMatchLibvips(String colour, String quality, int tolerance) throws Exception {
    BufferedImage source = TestImages.pattern(W, H, type(colour));
    Path tiff = vips(source, quality);
    int channels = colour.equals("gray") ? 1 : 3;
    Path png = dir.resolve("openjpeg.png");
    TestImages.run("vips", "crop", tiff.toString(), png.toString(), "100", "90", "300", "200");
    PixelRegion openJpeg = PixelRegion.of(ImageIO.read(png.toFile()), channels);
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), CONF)) {
      assertThat(reader.pyramid().channels()).isEqualTo(channels);
      PixelRegion ours = reader.readRegion(RegionRequest.of(0, 100, 90, 300, 200));
      assertThat(maxDifference(ours, openJpeg)).isLessThanOrEqualTo(tolerance);
      // As far from the picture as OpenJPEG is, within 5 %: the codec's loss, nothing of ours.
      PixelRegion picture = PixelRegion.of(source.getSubimage(100, 90, 300, 200), channels);
      assertThat(meanDifference(ours, picture))
          .isLessThanOrEqualTo(meanDifference(openJpeg, picture) * 1.05);
      if (tolerance == 0) {
        assertThat(maxDifference(ours, picture)).isZero();
      }
      assertThat(reader.readRegion(RegionRequest.of(1, 10, 10, 100, 100)).width()).isEqualTo(100);
    }
  }

  /** Aperio's codes: RGB exactly as OpenSlide reads it; YCbCr within rounding of the transform. */
  @ParameterizedTest(name = "compression {0}")
  @CsvSource({"33005, 0", "33003, 2"})
  void aperioTilesMatchOpenSlide(int compression, int tolerance) throws Exception {
    Path svs =
        AperioJpeg2000.write(
            TestImages.pattern(300, 200, BufferedImage.TYPE_3BYTE_BGR),
            compression,
            dir.resolve("aperio-" + compression + ".svs"));
    Path png = dir.resolve("openslide-" + compression + ".png");
    TestImages.run(
        "/usr/bin/python3",
        "-c",
        "import sys, openslide\n"
            + "s = openslide.OpenSlide(sys.argv[1])\n"
            + "assert s.properties['openslide.vendor'] == 'aperio', s.properties['openslide.vendor']\n"
            + "s.read_region((40, 30), 0, (250, 150)).convert('RGB').save(sys.argv[2])",
        svs.toString(),
        png.toString());
    PixelRegion openSlide = PixelRegion.of(ImageIO.read(png.toFile()), 3);
    try (SlideReader reader = SlideReaders.open(svs.toUri(), CONF)) {
      assertThat(reader.pyramid().mpp()).isEqualTo(0.5);
      PixelRegion ours = reader.readRegion(RegionRequest.of(0, 40, 30, 250, 150));
      assertThat(maxDifference(ours, openSlide)).isLessThanOrEqualTo(tolerance);
    }
  }

  @Test
  void aCorruptTileIsNamedWithItsFile() throws Exception {
    Path tiff = vips(TestImages.pattern(W, H, BufferedImage.TYPE_BYTE_GRAY), "--lossless");
    byte[] bytes = Files.readAllBytes(tiff);
    // The first tile's codestream header: JPEG 2000 decodes damaged coded data at lower quality
    // by design, but not a damaged header.
    for (int i = 0; i + 2 < bytes.length; i++) {
      if ((bytes[i] & 0xff) == 0xff && bytes[i + 1] == 0x4f && (bytes[i + 2] & 0xff) == 0xff) {
        java.util.Arrays.fill(bytes, i, i + 40, (byte) 0x5a);
        break;
      }
    }
    Path broken = Files.write(dir.resolve("broken.tif"), bytes);
    assertThatThrownBy(
            () -> {
              try (SlideReader reader = SlideReaders.open(broken.toUri(), CONF)) {
                reader.readRegion(RegionRequest.of(0, 0, 0, W, H));
              }
            })
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("broken.tif")
        .hasMessageContaining("JPEG 2000");
  }

  private Path vips(BufferedImage source, String quality) throws Exception {
    Path png = TestImages.writePng(source, dir.resolve("source.png"));
    return TestImages.vipsTiffsave(
        png,
        dir.resolve("jp2k" + quality + ".tif"),
        "--tile",
        "--pyramid",
        "--tile-width",
        "128",
        "--tile-height",
        "128",
        "--compression",
        "jp2k",
        quality);
  }

  private static int maxDifference(PixelRegion a, PixelRegion b) {
    assertThat(a.width()).isEqualTo(b.width());
    assertThat(a.height()).isEqualTo(b.height());
    int worst = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      worst = Math.max(worst, Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff)));
    }
    return worst;
  }

  private static double meanDifference(PixelRegion a, PixelRegion b) {
    long sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
    }
    return (double) sum / a.pixels().length;
  }

  private static int type(String colour) {
    return colour.equals("gray") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
  }
}
