package org.slideseg.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slideseg.common.engine.TorchRuntime;

class WindowTensorsTest {
  private static final Normalization NORMALIZATION =
      new Normalization(1 / 255.0, new double[] {0.5, 0.4, 0.3}, new double[] {0.25, 0.2, 0.3});

  /**
   * Every byte value in every channel, interleaved in, planar out, against double arithmetic; then
   * a smaller batch of other pixels through the same buffer, and a larger one that needs a new
   * buffer, each against its own pixels. Both ways, the CPU's and the GPU's (here on the CPU).
   */
  @ParameterizedTest
  @CsvSource({"1, false", "3, false", "1, true", "3, true"})
  void windowsBecomeNormalisedPlanarFloatsBatchAfterBatch(int channels, boolean gpuWay) {
    TorchRuntime.configure(2);
    var tensors = new WindowTensors(NORMALIZATION, channels);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      // 2 x 16 x 16 pixels: every value 0-255 in every channel
      for (int[] batch : new int[][] {{2, 16, 0}, {1, 9, 7}, {3, 20, 101}}) {
        WindowBatch windows = windows(batch[0], batch[1], channels, batch[2]);
        NDArray x =
            gpuWay
                ? tensors.lookedUpOnDevice(manager, windows)
                : tensors.lookedUpHere(manager, windows);
        assertThat(x.getShape()).isEqualTo(new Shape(batch[0], channels, batch[1], batch[1]));
        assertNormalised(windows, x.toFloatArray());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void windowsOfAnotherChannelCountAreRefused(int channels) {
    var tensors = new WindowTensors(NORMALIZATION, 3);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      assertThatThrownBy(() -> tensors.normalised(manager, windows(1, 4, channels, 0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(channels + " channel(s) for a model of 3");
    }
  }

  private static WindowBatch windows(int count, int side, int channels, int seed) {
    byte[] pixels = new byte[count * side * side * channels];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i / channels + 85 * (i % channels) + seed);
    }
    return new WindowBatch(count, side, side, channels, pixels);
  }

  private static void assertNormalised(WindowBatch windows, float[] got) {
    int channels = windows.channels();
    int plane = windows.height() * windows.width();
    for (int w = 0; w < windows.count(); w++) {
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < plane; i++) {
          int p = windows.pixels()[(w * plane + i) * channels + c] & 0xff;
          float expected =
              (float) ((p * (1 / 255.0) - NORMALIZATION.mean(c)) / NORMALIZATION.std(c));
          assertThat(got[(w * channels + c) * plane + i]).isEqualTo(expected);
        }
      }
    }
  }
}
