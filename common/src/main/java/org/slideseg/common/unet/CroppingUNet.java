package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * Seed 003's U-Net: batch norm with valid convolutions in the encoder; each decoder level upsamples
 * by a 2 x 2 transposed convolution, crops the skip features by negative padding (half the size
 * difference on every side), concatenates {@code [up, skip]} and applies two same-padded
 * Conv-BN-ReLU. A 572 x 572 window gives 448 x 448 outputs.
 */
final class CroppingUNet extends UNetBlock {
  private final ConvPair[] encoder = new ConvPair[5];
  private final ConvPair[] decoder = new ConvPair[4];

  CroppingUNet(int inChannels, int outChannels, int base) {
    super(outChannels);
    int in = inChannels;
    for (int level = 0; level < 5; level++) {
      encoder[level] = sequentialConvs("encoder." + level, in, base << level, 0, true);
      in = base << level;
    }
    for (int i = 0; i < 4; i++) {
      int width = base << (3 - i);
      upConv("decoder." + i + ".up", width * 2, width);
      decoder[i] = sequentialConvs("decoder." + i + ".conv", width * 2, width, 1, true);
    }
    conv("last", base, outChannels, 1, 0);
  }

  /**
   * The encoder loses 4 pixels per level and halves; the decoder doubles. Every skip must be larger
   * than its upsampled map by an even amount, or the symmetric crop cannot match them.
   */
  static int outputSize(int input) {
    int[] skip = new int[5];
    int size = input;
    for (int level = 0; level < 5; level++) {
      if (level > 0) {
        if (size % 2 != 0) {
          return -1;
        }
        size /= 2;
      }
      size -= 4;
      if (size < 1) {
        return -1;
      }
      skip[level] = size;
    }
    for (int level = 3; level >= 0; level--) {
      size *= 2;
      int offset = skip[level] - size;
      if (offset < 0 || offset % 2 != 0) {
        return -1;
      }
    }
    return size;
  }

  @Override
  protected int outputSide(int input) {
    return outputSize(input);
  }

  @Override
  protected NDList outputs(ParameterStore ps, NDArray x, boolean training) {
    NDArray[] skips = new NDArray[5];
    for (int level = 0; level < 5; level++) {
      x = encoder[level].apply(ps, level == 0 ? x : FeatureMaps.maxPool(x), training);
      skips[level] = x;
    }
    for (int i = 0; i < 4; i++) {
      NDArray up = apply("decoder." + i + ".up", ps, x, training);
      NDArray skip = FeatureMaps.padTo(skips[3 - i], up);
      x = decoder[i].apply(ps, FeatureMaps.concat(up, skip), training);
    }
    return new NDList(apply("last", ps, x, training));
  }
}
