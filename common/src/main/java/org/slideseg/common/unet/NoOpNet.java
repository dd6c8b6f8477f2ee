package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;

/**
 * A network that does almost no work, for measuring everything around the model ({@code bench}):
 * the centre crop of the input to the classic U-Net's output size (572 to 388), then a 1 x 1
 * convolution to the logits. Same windows, same strides and same output bytes as the U-Net, at a
 * few thousandths of its cost.
 */
final class NoOpNet extends UNetBlock {
  NoOpNet(int inChannels, int outChannels) {
    super(outChannels);
    conv("head", inChannels, outChannels, 1, 0);
  }

  @Override
  protected int outputSide(int input) {
    return ClassicUNet.outputSize(input);
  }

  @Override
  protected NDList outputs(ParameterStore ps, NDArray x, boolean training) {
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    long top = (h - outputSide((int) h)) / 2;
    long left = (w - outputSide((int) w)) / 2;
    NDArray crop =
        x.get(new NDIndex().addAllDim(2).addSliceDim(top, h - top).addSliceDim(left, w - left));
    return new NDList(apply("head", ps, crop, training));
  }
}
