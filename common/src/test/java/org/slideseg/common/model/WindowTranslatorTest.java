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
}
