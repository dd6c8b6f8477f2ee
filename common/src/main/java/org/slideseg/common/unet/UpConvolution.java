package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The U-Net's 2 x 2 "up-convolution": a transposed convolution with stride 2, with PyTorch's weight
 * layout (in, out, 2, 2). DJL's PyTorch engine does not implement transposed convolution, so it is
 * computed exactly as a 1 x 1 convolution to 4 x out channels, one per output pixel of each 2 x 2
 * cell, followed by a depth-to-space rearrangement.
 */
final class UpConvolution extends AbstractBlock {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  UpConvolution(int in, int out) {
    this.in = in;
    this.out = out;
    weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, 2, 2))
                .build());
    bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(out))
                .build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long n = x.getShape().get(0);
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    NDArray kernel =
        ps.getValue(weight, x.getDevice(), training)
            .transpose(1, 2, 3, 0)
            .reshape(4L * out, in, 1, 1);
    NDArray cells = Conv2d.conv2d(x, kernel).singletonOrThrow();
    NDArray y =
        cells.reshape(n, out, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, out, 2 * h, 2 * w);
    return new NDList(y.add(ps.getValue(bias, x.getDevice(), training).reshape(1, out, 1, 1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), out, 2 * s.get(2), 2 * s.get(3))};
  }
}
