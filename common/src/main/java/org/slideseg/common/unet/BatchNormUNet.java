package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * The batch-normalised, same-padded U-Net (seed 001): (Conv-BN-ReLU) x 2 per level, bilinear
 * upsampling with aligned corners or a 2 x 2 transposed convolution, zero padding to the skip's
 * size, concatenation {@code [skip, up]}. With bilinear upsampling, which cannot reduce channels,
 * the bottleneck and each decoder level have half the channels.
 */
final class BatchNormUNet extends UNetBlock {
  private final boolean bilinear;
  private final ConvPair[] down = new ConvPair[5];
  private final ConvPair[] up = new ConvPair[4];

  BatchNormUNet(int inChannels, int outChannels, int base, boolean bilinear) {
    super(outChannels);
    this.bilinear = bilinear;
    int factor = bilinear ? 2 : 1;
    down[0] = sequentialConvs("inc", inChannels, base, 1, true);
    for (int level = 1; level <= 4; level++) {
      int width = (base << level) / (level == 4 ? factor : 1);
      down[level] = sequentialConvs("down" + level + ".1", base << (level - 1), width, 1, true);
    }
    for (int i = 1; i <= 4; i++) {
      int in = base << (5 - i);
      int out = i == 4 ? base : in / 2 / factor;
      if (!bilinear) {
        upConv("up" + i + ".up", in, in / 2);
      }
      up[i - 1] = sequentialConvs("up" + i + ".conv", in, out, 1, true);
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
    for (int level = 0; level <= 4; level++) {
      x = down[level].apply(ps, level == 0 ? x : FeatureMaps.maxPool(x), training);
      skips[level] = x;
    }
    for (int i = 1; i <= 4; i++) {
      NDArray skip = skips[4 - i];
      NDArray upsampled =
          bilinear ? FeatureMaps.upsampleBilinear(x) : apply("up" + i + ".up", ps, x, training);
      x =
          up[i - 1].apply(
              ps, FeatureMaps.concat(skip, FeatureMaps.padTo(upsampled, skip)), training);
    }
    return new NDList(apply("outc", ps, x, training));
  }
}
