package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** Parameter-free operations on NCHW feature maps that the U-Nets share. */
final class FeatureMaps {
  private FeatureMaps() {}

  /** 2 x 2 max-pool with stride 2, dropping an odd last row or column (PyTorch's floor mode). */
  static NDArray maxPool(NDArray x) {
    return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  /**
   * Bilinear upsampling by 2 with aligned corners ({@code align_corners=True}): the first and last
   * rows and columns map onto themselves. Written as two matrix products with interpolation
   * matrices, which is exact, differentiable and runs on any device.
   */
  static NDArray upsampleBilinear(NDArray x) {
    int h = (int) x.getShape().get(2);
    int w = (int) x.getShape().get(3);
    NDArray rows = interpolation(x, h);
    NDArray columns = interpolation(x, w).transpose();
    return rows.matMul(x.matMul(columns));
  }

  /** The (2n x n) matrix of linear interpolation from n samples to 2n with aligned corners. */
  private static NDArray interpolation(NDArray like, int n) {
    float[] m = new float[2 * n * n];
    double scale = n > 1 ? (n - 1) / (2.0 * n - 1) : 0;
    for (int i = 0; i < 2 * n; i++) {
      double src = i * scale;
      int lo = (int) Math.floor(src);
      int hi = Math.min(lo + 1, n - 1);
      double frac = src - lo;
      m[i * n + lo] += (float) (1 - frac);
      m[i * n + hi] += (float) frac;
    }
    return like.getManager().create(m, new Shape(2L * n, n)).toDevice(like.getDevice(), false);
  }

  /**
   * Pads {@code x} with zeros, or crops it where a difference is negative, to the height and width
   * of {@code like}, splitting each difference with the smaller half first (PyTorch's {@code
   * F.pad(x, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])}). For the even differences of the
   * valid-convolution U-Nets, a crop is the centre crop of the classic U-Net and the negative
   * padding of seed 003 alike.
   */
  static NDArray padTo(NDArray x, NDArray like) {
    long dy = like.getShape().get(2) - x.getShape().get(2);
    long dx = like.getShape().get(3) - x.getShape().get(3);
    if (dx == 0 && dy == 0) {
      return x;
    }
    long left = Math.floorDiv(dx, 2);
    long top = Math.floorDiv(dy, 2);
    return pad(x, left, dx - left, top, dy - top);
  }

  /**
   * PyTorch's {@code F.pad(x, [left, right, top, bottom])}: zeros where positive, a crop where
   * negative. (DJL's pad takes a Shape, which cannot hold negative sizes, so crops are slices.)
   */
  private static NDArray pad(NDArray x, long left, long right, long top, long bottom) {
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    NDArray cropped =
        x.get(
            new NDIndex()
                .addAllDim(2)
                .addSliceDim(Math.max(0, -top), h - Math.max(0, -bottom))
                .addSliceDim(Math.max(0, -left), w - Math.max(0, -right)));
    if (left <= 0 && right <= 0 && top <= 0 && bottom <= 0) {
      return cropped;
    }
    return cropped.pad(
        new Shape(Math.max(0, left), Math.max(0, right), Math.max(0, top), Math.max(0, bottom)), 0);
  }

  /** Concatenates along channels. */
  static NDArray concat(NDArray... maps) {
    return NDArrays.concat(new NDList(maps), 1);
  }

  /** The element-wise mean of equally shaped arrays. */
  static NDArray mean(NDList arrays) {
    return NDArrays.stack(arrays).mean(new int[] {0});
  }
}
