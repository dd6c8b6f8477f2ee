package org.slideseg.common.engine;

/**
 * One 3 x 3 convolution shape (stride 1, no dilation, one group), as the U-Net family runs them.
 * Libraries pick their kernels by these numbers and by the CPU, so a check covers several.
 *
 * @param batch images in the batch: PyTorch sends a batch of 2 or more to oneDNN
 * @param in input channels
 * @param out output channels
 * @param height input rows
 * @param width input columns
 * @param padding zero padding on every side (0 for valid, 1 for same convolutions)
 */
public record ConvolutionCase(int batch, int in, int out, int height, int width, int padding) {
  public static final int KERNEL = 3;

  public ConvolutionCase {
    if (batch < 1 || in < 1 || out < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "convolution case " + describe(batch, in, out, height, width, padding) + " is not valid");
    }
    if (height + 2 * padding < KERNEL || width + 2 * padding < KERNEL) {
      throw new IllegalArgumentException(
          "a "
              + height
              + " x "
              + width
              + " map with padding "
              + padding
              + " is smaller than the 3 x 3 kernel");
    }
  }

  public int outHeight() {
    return height + 2 * padding - KERNEL + 1;
  }

  public int outWidth() {
    return width + 2 * padding - KERNEL + 1;
  }

  @Override
  public String toString() {
    return describe(batch, in, out, height, width, padding);
  }

  private static String describe(int batch, int in, int out, int height, int width, int padding) {
    return batch
        + " x "
        + in
        + " x "
        + height
        + " x "
        + width
        + " -> "
        + out
        + " channels (3 x 3, padding "
        + padding
        + ")";
  }
}
