package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The U-Net of Ronneberger et al. (2015): two valid 3 x 3 convolutions per level, 2 x 2 max-pool, 2
 * x 2 transposed convolution, centre crop of the skip features and concatenation, 1 x 1 head. A 572
 * x 572 window gives 388 x 388 outputs. Optional batch norm after each convolution.
 */
final class ClassicUNet extends UNetBlock {
  private final List<ConvPair> down = new ArrayList<>();
  private final List<ConvPair> merge = new ArrayList<>();

  ClassicUNet(int inChannels, int outChannels, int base, boolean batchNorm) {
    super(outChannels);
    int in = inChannels;
    for (int level = 0; level < 5; level++) {
      int width = base << level;
      down.add(sequentialConvs("down." + level, in, width, 0, batchNorm));
      in = width;
    }
    for (int i = 0; i < 4; i++) {
      int width = base << (3 - i);
      upConv("up." + i, width * 2, width);
      merge.add(sequentialConvs("merge." + i, width * 2, width, 0, batchNorm));
    }
    conv("head", base, outChannels, 1, 0);
  }

  /** 572 to 388: each level loses 4 pixels per double convolution, on the way down and up. */
  static int outputSize(int input) {
    int size = input;
    for (int level = 0; level < 4; level++) {
      size -= 4;
      if (size < 2 || size % 2 != 0) {
        return -1;
      }
      size /= 2;
    }
    size -= 4;
    for (int level = 0; level < 4 && size > 0; level++) {
      size = size * 2 - 4;
    }
    return size > 0 ? size : -1;
  }

  @Override
  protected int outputSide(int input) {
    return outputSize(input);
  }

  @Override
  protected NDList outputs(ParameterStore ps, NDArray x, boolean training) {
    List<NDArray> skips = new ArrayList<>();
    for (int level = 0; level < 5; level++) {
      x = down.get(level).apply(ps, level == 0 ? x : FeatureMaps.maxPool(x), training);
      skips.add(x);
    }
    for (int i = 0; i < 4; i++) {
      NDArray up = apply("up." + i, ps, x, training);
      NDArray skip = FeatureMaps.padTo(skips.get(3 - i), up);
      x = merge.get(i).apply(ps, FeatureMaps.concat(skip, up), training);
    }
    return new NDList(apply("head", ps, x, training));
  }
}
