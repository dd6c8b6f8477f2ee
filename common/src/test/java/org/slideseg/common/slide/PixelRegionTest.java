package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PixelRegionTest {

  /** Every layout a decoder returns, checked against {@code getRGB}, which knows each of them. */
  @ParameterizedTest
  @ValueSource(
      ints = {
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_ARGB
      })
  void copiesColourImagesOfEveryLayoutAsRgb(int type) {
    BufferedImage image = randomImage(type, 37, 23);
    for (BufferedImage i : new BufferedImage[] {image, image.getSubimage(5, 3, 20, 11)}) {
      PixelRegion region = PixelRegion.of(i, 3);
      for (int y = 0; y < i.getHeight(); y++) {
        for (int x = 0; x < i.getWidth(); x++) {
          int rgb = i.getRGB(x, y);
          assertThat(
                  new int[] {
                    region.sample(x, y, 0), region.sample(x, y, 1), region.sample(x, y, 2)
                  })
              .as("pixel %d,%d of %d x %d", x, y, i.getWidth(), i.getHeight())
              .containsExactly((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5})
  void copiesGrayImagesAsTheyAre(int offset) {
    BufferedImage image = randomImage(BufferedImage.TYPE_BYTE_GRAY, 37, 23);
    BufferedImage part = image.getSubimage(offset, offset, 37 - offset, 23 - offset);
    PixelRegion region = PixelRegion.of(part, 1);
    for (int y = 0; y < part.getHeight(); y++) {
      for (int x = 0; x < part.getWidth(); x++) {
        assertThat(region.sample(x, y, 0)).isEqualTo(part.getRaster().getSample(x, y, 0));
      }
    }
  }

  private static BufferedImage randomImage(int type, int w, int h) {
    BufferedImage image = new BufferedImage(w, h, type);
    Random random = new Random(type);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int b = 0; b < image.getRaster().getNumBands(); b++) {
          image.getRaster().setSample(x, y, b, random.nextInt(256));
        }
      }
    }
    return image;
  }
}
