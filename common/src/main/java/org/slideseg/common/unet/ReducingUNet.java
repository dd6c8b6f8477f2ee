package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/**
 * Seed 002's U-Net: each encoder level convolves, then pools; each decoder level halves the
 * channels with a 1 x 1 Conv-BN-ReLU before bilinear upsampling, pads to the skip's size and
 * concatenates {@code [skip, up]}. Same padding throughout.
 */
final class ReducingUNet extends UNetBlock {
  private final ConvPair[] down = new ConvPair[5];
  private final ConvPair[] up = new ConvPair[4];

  ReducingUNet(int inChannels, int outChannels, int base) {
    super(outChannels);
    down[0] = sequentialConvs("inc", inChannels, base, 1, true);
    for (int level = 1; level <= 4; level++) {
      down[level] = sequentialConvs("down" + level, base << (level - 1), base << level, 1, true);
    }
    for (int i = 1; i <= 4; i++) {
      int in = base << (5 - i);
      conv("up" + i + ".reduce.0", in, in / 2, 1, 0);
      batchNorm("up" + i + ".reduce.1", in / 2);
      up[i - 1] = sequentialConvs("up" + i + ".conv", in, in / 2, 1, true);
    }
    conv("outc", base, outChannels, 1, 0);
  }

  @Override
  protected int outputSide(int input) {
    return input;
  }

  @Override
  protected NDList outputs(ParameterStore ps, NDArray x, boolean training) {
    NDArray[] skips = new NDArray[5];
    x = down[0].apply(ps, x, training);
    skips[0] = x;
    for (int level = 1; level <= 4; level++) {
      x = FeatureMaps.maxPool(down[level].apply(ps, x, training));
      skips[level] = x;
    }
    for (int i = 1; i <= 4; i++) {
      NDArray skip = skips[4 - i];
      NDArray reduced = apply("up" + i + ".reduce.0", ps, x, training);
      reduced = Activation.relu(apply("up" + i + ".reduce.1", ps, reduced, training));
      NDArray upsampled = FeatureMaps.padTo(FeatureMaps.upsampleBilinear(reduced), skip);
      x = up[i - 1].apply(ps, FeatureMaps.concat(skip, upsampled), training);
    }
    return new NDList(apply("outc", ps, x, training));
  }
}
