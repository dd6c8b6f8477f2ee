package org.slideseg.common.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.slideseg.common.engine.TorchRuntime;

class NoOpNetTest {
  @Test
  void itsLogitsAreTheHeadAppliedToTheCentreCropOfTheClassicWindow() {
    TorchRuntime.configure(2);
    Architecture noOp = new Architecture(Architecture.NO_OP, 1, false, false, false, 4);
    assertThat(noOp.outputSize(572)).isEqualTo(388);
    UNetBlock block = noOp.build(1, 2);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 572, 572));
      NDArray x = manager.randomUniform(0, 1, new Shape(2, 1, 572, 572));
      NDArray out =
          block
              .forward(new ParameterStore(manager, false), new NDList(x), false)
              .singletonOrThrow();
      assertThat(out.getShape()).isEqualTo(new Shape(2, 2, 388, 388));
      NDArray weight = block.layers().get("head").getParameters().get("weight").getArray();
      NDArray bias = block.layers().get("head").getParameters().get("bias").getArray();
      // Pixel (x 10, y 20) of the output is input pixel (x 102, y 112) through the 1 x 1 head.
      float in = x.getFloat(1, 0, 112, 102);
      for (int c = 0; c < 2; c++) {
        float expected = weight.getFloat(c, 0, 0, 0) * in + bias.getFloat(c);
        assertThat(out.getFloat(1, c, 20, 10))
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }
}
