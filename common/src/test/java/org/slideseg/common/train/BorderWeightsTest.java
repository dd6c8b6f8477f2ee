package org.slideseg.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BorderWeightsTest {

  /** Two objects (class 0) separated by a vertical border (class 1) 2 pixels wide. */
  private static byte[] twoObjects(int w, int h, int gapStart) {
    byte[] labels = new byte[w * h];
    for (int y = 0; y < h; y++) {
      labels[y * w + gapStart] = 1;
      labels[y * w + gapStart + 1] = 1;
    }
    return labels;
  }

  @Test
  void borderBetweenTwoObjectsGetsThePapersWeight() {
    int w = 40;
    float[] weights = BorderWeights.of(twoObjects(w, 10, 20), w, 10, 1, 10, 5);
    // Each gap pixel is 1 from one object and 2 from the other: 10 exp(-9 / 50).
    assertThat(weights[5 * w + 20]).isCloseTo((float) (10 * Math.exp(-9.0 / 50)), within(1e-4f));
    assertThat(weights[5 * w + 21]).isCloseTo((float) (10 * Math.exp(-9.0 / 50)), within(1e-4f));
    assertThat(weights[5 * w + 5]).as("object pixels get no border weight").isZero();
  }

  @Test
  void aBorderWithOneObjectOnlyGetsNone() {
    int w = 30;
    byte[] labels = new byte[w * 10];
    for (int y = 0; y < 10; y++) {
      for (int x = 20; x < w; x++) {
        labels[y * w + x] = 1;
      }
    }
    float[] weights = BorderWeights.of(labels, w, 10, 1, 10, 5);
    assertThat(weights[5 * w + 21]).isZero();
  }
}
