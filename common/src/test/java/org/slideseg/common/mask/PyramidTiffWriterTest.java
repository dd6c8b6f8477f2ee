package org.slideseg.common.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.slide.TestImages;

class PyramidTiffWriterTest {
  private static final int W = 700;
  private static final int H = 530;

  @TempDir Path dir;

  @Test
  void writesEveryRowAndHalvedLevelsUntilOneTile() throws Exception {
    Path tiff = write(Resampling.NEAREST, new TiffMetadata("classes=a,b,c", 0.5, List.of()));
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), new Configuration())) {
      assertThat(reader.pyramid().levels())
          .extracting(l -> l.width() + "x" + l.height())
          .containsExactly("700x530", "350x265", "175x133");
      assertThat(reader.pyramid().mpp()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
      PixelRegion full = reader.readRegion(RegionRequest.of(0, 0, 0, W, H));
      for (int y = 0; y < H; y += 7) {
        for (int x = 0; x < W; x += 5) {
          assertThat(full.sample(x, y, 0)).isEqualTo(value(x, y));
        }
      }
      PixelRegion half = reader.readRegion(RegionRequest.of(1, 0, 0, 350, 265));
      assertThat(half.sample(101, 77, 0)).isEqualTo(value(202, 154));
      assertThat(half.sample(349, 264, 0)).isEqualTo(value(698, 528));
    }
  }

  @Test
  void meanResamplingAveragesBlocks() throws Exception {
    Path tiff = write(Resampling.MEAN, TiffMetadata.NONE);
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), new Configuration())) {
      PixelRegion half = reader.readRegion(RegionRequest.of(1, 10, 10, 1, 1));
      int mean = (value(20, 20) + value(21, 20) + value(20, 21) + value(21, 21) + 2) / 4;
      assertThat(half.sample(0, 0, 0)).isEqualTo(mean);
    }
  }

  @Test
  void openSlideReadsAllLevels() throws Exception {
    Path tiff = write(Resampling.NEAREST, new TiffMetadata("slideseg test", 0.25, List.of()));
    String properties = TestImages.run("openslide-show-properties", tiff.toString());
    assertThat(properties)
        .contains("openslide.level-count: '3'")
        .contains("openslide.level[0].width: '700'")
        .contains("openslide.level[2].height: '133'")
        .contains("tiff.XResolution: '40000'");
  }

  @Test
  void libvipsReadsIt() throws Exception {
    Path tiff = write(Resampling.NEAREST, TiffMetadata.NONE);
    assertThat(TestImages.run("vipsheader", "-f", "n-pages", tiff.toString()).trim())
        .isEqualTo("3");
    assertThat(TestImages.run("vips", "avg", tiff.toString()).trim()).isNotEmpty();
  }

  /**
   * A mask with a palette: viewers (OpenSlide, libvips) paint each label in its colour, at every
   * level, while the samples stay the labels (tifffile, our label reader).
   */
  @Test
  void paletteColoursTheLabelsAndKeepsThemAtEveryLevel() throws Exception {
    List<Integer> palette = new ArrayList<>();
    for (int i = 0; i < 251; i++) {
      palette.add((i * 37 % 256) << 16 | (i * 91 % 256) << 8 | (i * 13 % 256));
    }
    Path tiff = write(Resampling.NEAREST, new TiffMetadata("labels", 0.5, palette));
    byte[] level0;
    byte[] level1;
    try (SlideReader labels = SlideReaders.openLabels(tiff.toUri(), new Configuration());
        SlideReader colours = SlideReaders.open(tiff.toUri(), new Configuration())) {
      level0 = labels.readRegion(RegionRequest.of(0, 0, 0, W, H)).pixels();
      level1 = labels.readRegion(RegionRequest.of(1, 0, 0, W / 2, H / 2)).pixels();
      PixelRegion rgb = colours.readRegion(RegionRequest.of(1, 0, 0, W / 2, H / 2));
      for (int y = 0; y < H; y += 7) {
        for (int x = 0; x < W; x += 5) {
          assertThat(level0[y * W + x] & 0xff).isEqualTo(value(x, y));
        }
      }
      assertThat(level1[77 * (W / 2) + 101] & 0xff).isEqualTo(value(202, 154));
      assertThat(rgb.channels()).isEqualTo(3);
      assertThat(rgbAt(rgb, 101, 77)).isEqualTo(palette.get(value(202, 154)));
    }

    String tifffile =
        TestImages.run(
            "/usr/bin/python3",
            "-c",
            "import sys, hashlib, tifffile\n"
                + "with tifffile.TiffFile(sys.argv[1]) as t:\n"
                + "  for p in t.pages[:2]:\n"
                + "    print(p.photometric.name, hashlib.sha256(p.asarray().tobytes()).hexdigest(),"
                + " hashlib.sha256(p.colormap.astype('<u2').tobytes()).hexdigest())",
            tiff.toString());
    String map = sha256(colorMap(palette));
    assertThat(tifffile.lines())
        .containsExactly(
            "PALETTE " + sha256(level0) + " " + map, "PALETTE " + sha256(level1) + " " + map);

    for (int level = 0; level < 2; level++) {
      int w = level == 0 ? W : W / 2;
      int h = level == 0 ? H : H / 2;
      Path openslide = dir.resolve("openslide-" + level + ".png");
      TestImages.run(
          "openslide-write-png",
          tiff.toString(),
          "0",
          "0",
          "" + level,
          "" + w,
          "" + h,
          "" + openslide);
      Path vips = dir.resolve("vips-" + level + ".png");
      TestImages.run("vips", "copy", tiff + "[page=" + level + "]", vips.toString());
      byte[] labels = level == 0 ? level0 : level1;
      for (Path png : List.of(openslide, vips)) {
        BufferedImage image = ImageIO.read(png.toFile());
        for (int y = 0; y < h; y += 3) {
          for (int x = 0; x < w; x += 2) {
            assertThat(image.getRGB(x, y) & 0xffffff)
                .as("%s at %d,%d", png.getFileName(), x, y)
                .isEqualTo(palette.get(labels[y * w + x] & 0xff));
          }
        }
      }
    }
  }

  private static int rgbAt(PixelRegion rgb, int x, int y) {
    return rgb.sample(x, y, 0) << 16 | rgb.sample(x, y, 1) << 8 | rgb.sample(x, y, 2);
  }

  /** TIFF's ColorMap as tifffile returns it: reds, greens, blues, 16 bits each (v * 257). */
  private static byte[] colorMap(List<Integer> palette) {
    ByteBuffer b = ByteBuffer.allocate(2 * 3 * 256).order(ByteOrder.LITTLE_ENDIAN);
    for (int shift : new int[] {16, 8, 0}) {
      for (int i = 0; i < 256; i++) {
        b.putShort((short) (i < palette.size() ? ((palette.get(i) >> shift) & 0xff) * 257 : 0));
      }
    }
    return b.array();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void refusesToFinishAnIncompleteImage() throws Exception {
    Path tiff = dir.resolve("short.tif");
    var writer = new PyramidTiffWriter(tiff, W, H, 256, Resampling.NEAREST, TiffMetadata.NONE);
    writer.writeRows(new byte[W * 10], 10);
    assertThatThrownBy(writer::close).hasMessageContaining("received 10 of 530 rows");
  }

  @Test
  void refusesRowsBeyondTheImage() throws Exception {
    var writer =
        new PyramidTiffWriter(
            dir.resolve("long.tif"), 10, 2, 256, Resampling.NEAREST, TiffMetadata.NONE);
    writer.writeRows(new byte[20], 2);

    assertThatThrownBy(() -> writer.writeRows(new byte[10], 1))
        .hasMessageContaining("already has all of its 2 rows");
    writer.close(); // the refused row changed nothing: the image is whole
    assertThat(dir.resolve("long.tif")).isNotEmptyFile();
  }

  private Path write(Resampling resampling, TiffMetadata metadata) throws Exception {
    Path tiff = dir.resolve("mask-" + resampling + ".tif");
    try (var writer = new PyramidTiffWriter(tiff, W, H, 256, resampling, metadata)) {
      // Uneven row batches, as mask bands arrive.
      int y = 0;
      for (int batch : new int[] {1, 100, 33, 256, 140}) {
        byte[] rows = new byte[W * batch];
        for (int r = 0; r < batch; r++) {
          for (int x = 0; x < W; x++) {
            rows[r * W + x] = (byte) value(x, y + r);
          }
        }
        writer.writeRows(rows, batch);
        y += batch;
      }
      assertThat(y).isEqualTo(H);
    }
    assertThat(Files.size(tiff)).isPositive();
    return tiff;
  }

  private static int value(int x, int y) {
    return (x / 3 + 2 * (y / 5)) % 251;
  }
}
