package org.slideseg.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slideseg.common.engine.TorchRuntime;

class WindowTranslatorTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void labelsAreLibtorchsArgMaxOfTheChannels(int classes) {
    TorchRuntime.configure(2);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      // Logits rounded to halves, so that many pixels tie between classes.
      NDArray logits = manager.randomNormal(new Shape(3, classes, 17, 23)).mul(2).round().div(2);
      NDArray expected = logits.argMax(1).toType(DataType.UINT8, false);
      assertThat(WindowTranslator.argMaxOfChannels(logits).toByteArray())
          .isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void theFirstOfEqualLogitsWins() {
    TorchRuntime.configure(2);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray logits = manager.create(new float[] {1, 3, 3, 2}, new Shape(1, 4, 1, 1));
      assertThat(WindowTranslator.argMaxOfChannels(logits).toByteArray()).containsExactly(1);
    }
  }

  /** Softmax rounded to bytes, against the same computed in double here, pixel by pixel. */
  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5})
  void probabilitiesAreTheSoftmaxInBytes(int classes) {
    TorchRuntime.configure(2);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray logits = manager.randomNormal(new Shape(2, classes, 9, 11)).mul(4);
      float[] l = logits.toFloatArray();
      byte[] p =
          WindowTranslator.quantised(WindowTranslator.probabilities(logits, Activation.SOFTMAX))
              .toByteArray();
      assertThat(p).hasSize(l.length);
      int plane = 9 * 11;
      int exact = 0;
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < plane; i++) {
          double sum = 0;
          for (int c = 0; c < classes; c++) {
            sum += Math.exp(l[(n * classes + c) * plane + i]);
          }
          for (int c = 0; c < classes; c++) {
            int at = (n * classes + c) * plane + i;
            long expected = Math.round(255 * Math.exp(l[at]) / sum);
            assertThat((long) (p[at] & 0xff)).isBetween(expected - 1, expected + 1);
            exact += (p[at] & 0xff) == expected ? 1 : 0;
          }
        }
      }
      assertThat(exact).isGreaterThan(l.length * 98 / 100); // off by one only at halves
    }
  }

  /** A sigmoid head's one channel gives two classes: 1 - sigmoid, and sigmoid. */
  @Test
  void aSigmoidHeadGivesBothClassesProbabilities() {
    TorchRuntime.configure(2);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      float[] l = {-30, -3, -0.5f, 0, 0.5f, 3, 30};
      NDArray logits = manager.create(l, new Shape(1, 1, 1, l.length));
      byte[] p =
          WindowTranslator.quantised(WindowTranslator.probabilities(logits, Activation.SIGMOID))
              .toByteArray();
      assertThat(p).hasSize(2 * l.length);
      for (int i = 0; i < l.length; i++) {
        double sigmoid = 1 / (1 + Math.exp(-l[i]));
        assertThat(p[l.length + i] & 0xff)
            .as("class 1 at %s", l[i])
            .isEqualTo((int) Math.round(255 * sigmoid));
        assertThat(p[i] & 0xff)
            .as("class 0 at %s", l[i])
            .isEqualTo((int) Math.round(255 * (1 - sigmoid)));
      }
    }
  }

  /**
   * TTA's mirrored mean, against the same in double: for a sigmoid head (two classes from one
   * logit) and a softmax head, each pixel's probability is the mean of the window's and of the
   * mirrored copies' at the mirrored place.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void mirroredCopiesAreMirroredBackAndAveraged(int channels) {
    TorchRuntime.configure(2);
    Activation activation = channels == 1 ? Activation.SIGMOID : Activation.SOFTMAX;
    int n = 2;
    int h = 5;
    int w = 7;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray logits = manager.randomNormal(new Shape(4 * n, channels, h, w)).mul(3);
      float[] l = logits.toFloatArray();
      float[] mean = WindowTranslator.mirroredMean(logits, activation).toFloatArray();
      int classes = channels == 1 ? 2 : channels;
      assertThat(mean).hasSize(n * classes * h * w);
      for (int b = 0; b < n; b++) {
        for (int c = 0; c < classes; c++) {
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              double expected =
                  (p(l, b, c, y, x, channels, h, w)
                          + p(l, n + b, c, y, w - 1 - x, channels, h, w)
                          + p(l, 2 * n + b, c, h - 1 - y, x, channels, h, w)
                          + p(l, 3 * n + b, c, h - 1 - y, w - 1 - x, channels, h, w))
                      / 4;
              assertThat((double) mean[((b * classes + c) * h + y) * w + x])
                  .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
            }
          }
        }
      }
    }
  }

  /** Class {@code c}'s probability at one pixel of copy {@code b}, in double. */
  private static double p(float[] l, int b, int c, int y, int x, int channels, int h, int w) {
    if (channels == 1) {
      double s = 1 / (1 + Math.exp(-l[(b * h + y) * w + x]));
      return c == 1 ? s : 1 - s;
    }
    double sum = 0;
    for (int k = 0; k < channels; k++) {
      sum += Math.exp(l[((b * channels + k) * h + y) * w + x]);
    }
    return Math.exp(l[((b * channels + c) * h + y) * w + x]) / sum;
  }
}
