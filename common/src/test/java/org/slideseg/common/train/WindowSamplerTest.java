package org.slideseg.common.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slideseg.common.model.Normalization;
import org.slideseg.common.slide.PixelRegion;

class WindowSamplerTest {
  private static final Normalization RAW = new Normalization(1, new double[] {0}, new double[] {1});

  /** An image whose gray value is its class times 100 plus 20: labels must follow the pixels. */
  private static LabelledImage stripes(int w, int h) {
    byte[] pixels = new byte[w * h];
    byte[] labels = new byte[w * h];
    float[] weights = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int label = (x / 7 + y / 5) % 2;
        labels[y * w + x] = (byte) label;
        pixels[y * w + x] = (byte) (20 + 100 * label);
        weights[y * w + x] = 1 + label;
      }
    }
    return new LabelledImage("stripes", new PixelRegion(w, h, 1, pixels), labels, weights);
  }

  @Test
  void rotatedFlippedAndDeformedWindowsKeepLabelsOnTheirPixels() {
    Augmentation everything = new Augmentation(1.0, 10, 0);
    WindowSampler sampler =
        new WindowSampler(List.of(stripes(90, 70)), 60, 40, 1, RAW, everything, 7);
    for (int n = 0; n < 20; n++) {
      TrainingWindow w = sampler.next();
      int agree = 0;
      for (int v = 0; v < 40; v++) {
        for (int u = 0; u < 40; u++) {
          float pixel = w.input()[(v + 10) * 60 + u + 10];
          float label = w.classes()[v * 40 + u];
          agree += Math.abs(pixel - (20 + 100 * label)) < 50 ? 1 : 0;
          assertThat(w.weights()[v * 40 + u]).isEqualTo(1 + label);
        }
      }
      // Bilinear pixels and nearest labels differ only along stripe edges.
      assertThat(agree).isGreaterThan(40 * 40 * 85 / 100);
    }
  }

  @Test
  void withoutAugmentationAWindowIsACropOfTheMirroredImage() {
    Augmentation none = new Augmentation(0, 0, 0);
    LabelledImage image = stripes(50, 50);
    WindowSampler sampler = new WindowSampler(List.of(image), 30, 30, 1, RAW, none, 3);
    for (int n = 0; n < 10; n++) {
      TrainingWindow w = sampler.next();
      boolean matchesAnOrientation = false;
      for (int y0 = 0; y0 <= 20 && !matchesAnOrientation; y0++) {
        for (int x0 = 0; x0 <= 20 && !matchesAnOrientation; x0++) {
          matchesAnOrientation |= anyOrientationMatches(w, image, x0, y0);
        }
      }
      assertThat(matchesAnOrientation).isTrue();
    }
  }

  private static boolean anyOrientationMatches(
      TrainingWindow w, LabelledImage image, int x0, int y0) {
    for (int r = 0; r < 4; r++) {
      for (int f = 0; f < 2; f++) {
        boolean same = true;
        for (int v = 0; v < 30 && same; v++) {
          for (int u = 0; u < 30 && same; u++) {
            int ru = u;
            int rv = v;
            for (int k = 0; k < r; k++) {
              int t = ru;
              ru = 29 - rv;
              rv = t;
            }
            if (f == 1) {
              ru = 29 - ru;
            }
            same = w.classes()[v * 30 + u] == image.labels()[(y0 + rv) * 50 + x0 + ru];
          }
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void reflectMirrorsWithoutRepeatingTheEdge() {
    assertThat(WindowSampler.reflect(-1, 5)).isEqualTo(1);
    assertThat(WindowSampler.reflect(5, 5)).isEqualTo(3);
    assertThat(WindowSampler.reflect(-9, 5)).isEqualTo(1);
    assertThat(WindowSampler.reflect(2, 5)).isEqualTo(2);
  }
}
