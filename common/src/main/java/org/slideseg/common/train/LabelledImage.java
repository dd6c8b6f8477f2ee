package org.slideseg.common.train;

import org.slideseg.common.slide.PixelRegion;

/**
 * One training or validation image: its pixels, the class of each pixel, and the weight of each
 * pixel in the loss. The arrays are owned by this value; callers must not modify them.
 *
 * @param labels class index per pixel, row-major
 * @param weights loss weight per pixel, row-major (class weight plus border weight)
 */
public record LabelledImage(String name, PixelRegion image, byte[] labels, float[] weights) {

  public LabelledImage {
    int n = image.width() * image.height();
    if (labels.length != n || weights.length != n) {
      throw new IllegalArgumentException(
          name + ": labels and weights need " + n + " values, one per pixel");
    }
  }

  public int width() {
    return image.width();
  }

  public int height() {
    return image.height();
  }
}
