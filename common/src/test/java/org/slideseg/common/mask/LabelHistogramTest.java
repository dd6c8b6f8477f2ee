package org.slideseg.common.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Counts against one counter per value, pixel by pixel. */
class LabelHistogramTest {
  @Test
  void countsEveryValueOfAnyPrefixLength() {
    Random random = new Random(11);
    byte[] labels = new byte[100_003];
    random.nextBytes(labels);
    for (int i = 0; i < 40_000; i++) {
      labels[i] = (byte) (i / 97 % 3); // runs, as masks have
    }
    for (int length : new int[] {0, 1, 3, 4, 5, 40_001, labels.length}) {
      long[] expected = new long[256];
      for (int i = 0; i < length; i++) {
        expected[labels[i] & 0xff]++;
      }
      assertThat(LabelHistogram.of(labels, length))
          .as("length %d", length)
          .containsExactly(expected);
    }
  }

  @Test
  void classPixelsRefuseALabelNotBelowTheClassCount() {
    assertThat(LabelHistogram.classPixels(new byte[] {0, 1, 1, 2, 1}, 3)).containsExactly(1, 3, 1);
    assertThatThrownBy(() -> LabelHistogram.classPixels(new byte[] {0, 1, (byte) 200}, 2))
        .hasMessage("label 200 is not below the class count 2");
  }
}
