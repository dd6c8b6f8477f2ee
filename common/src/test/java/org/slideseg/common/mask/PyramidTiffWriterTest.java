package org.slideseg.common.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;

class PyramidTiffWriterTest {
  private static final int W = 700;
  private static final int H = 530;

  @TempDir Path dir;

  @Test
  void writesEveryRowAndHalvedLevelsUntilOneTile() throws Exception {
    Path tiff = write(Resampling.NEAREST, new TiffMetadata("classes=a,b,c", 0.5));
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
    Path tiff = write(Resampling.NEAREST, new TiffMetadata("slideseg test", 0.25));
    String properties = run("openslide-show-properties", tiff.toString());
    assertThat(properties)
        .contains("openslide.level-count: '3'")
        .contains("openslide.level[0].width: '700'")
        .contains("openslide.level[2].height: '133'")
        .contains("tiff.XResolution: '40000'");
  }

  @Test
  void libvipsReadsIt() throws Exception {
    Path tiff = write(Resampling.NEAREST, TiffMetadata.NONE);
    assertThat(run("vipsheader", "-f", "n-pages", tiff.toString()).trim()).isEqualTo("3");
    assertThat(run("vips", "avg", tiff.toString()).trim()).isNotEmpty();
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
    try (var writer =
        new PyramidTiffWriter(
            dir.resolve("long.tif"), 10, 2, 256, Resampling.NEAREST, TiffMetadata.NONE)) {
      writer.writeRows(new byte[20], 2);
      assertThatThrownBy(() -> writer.writeRows(new byte[10], 1))
          .hasMessageContaining("already has all of its 2 rows");
    } catch (IllegalStateException expectedAfterFailure) {
      // close() after a refused row still sees a complete image; nothing else to check
    }
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

  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s printed: %s", String.join(" ", command), out).isZero();
    return out;
  }
}
