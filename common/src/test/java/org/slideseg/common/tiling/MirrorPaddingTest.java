package org.slideseg.common.tiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;

class MirrorPaddingTest {
  private static final int W = 23;
  private static final int H = 17;

  /**
   * Every pixel of a padded read is the slide's pixel at the reflected coordinates ({@link
   * MirrorPadding#reflect}, checked against numpy's "reflect" in {@code TilePlanTest}).
   */
  @ParameterizedTest(name = "{0} channel(s), {1},{2} {3} x {4}")
  @CsvSource({
    "1, -5, -4, 12, 10", // over the top-left corner
    "3, 15, 10, 14, 12", // over the bottom-right corner
    "1, -30, -20, 80, 60", // wider and taller than the slide: reflected more than once
    "3, 4, 3, 10, 8", // inside
  })
  void everyPixelIsTheReflectedOne(int channels, int x, int y, int width, int height)
      throws Exception {
    byte[] pixels = new byte[W * H * channels];
    new Random(7).nextBytes(pixels);
    PixelRegion slide = new PixelRegion(W, H, channels, pixels);
    try (SlideReader reader = SlideReaders.inMemory("random", slide)) {
      PixelRegion read = MirrorPadding.read(reader, RegionRequest.of(0, x, y, width, height));

      assertThat(read.width()).isEqualTo(width);
      assertThat(read.height()).isEqualTo(height);
      for (int row = 0; row < height; row++) {
        for (int col = 0; col < width; col++) {
          for (int c = 0; c < channels; c++) {
            assertThat(read.sample(col, row, c))
                .as("pixel %d,%d channel %d", col, row, c)
                .isEqualTo(
                    slide.sample(
                        MirrorPadding.reflect(x + col, W), MirrorPadding.reflect(y + row, H), c));
          }
        }
      }
    }
  }
}
