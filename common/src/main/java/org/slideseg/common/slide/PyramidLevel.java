package org.slideseg.common.slide;

/**
 * One resolution of a slide.
 *
 * @param downsample size of level 0 divided by the size of this level (1 for level 0)
 * @param tileWidth width of the stored tiles; the image width for untiled images
 */
public record PyramidLevel(
    int width, int height, int tileWidth, int tileHeight, double downsample) {

  public PyramidLevel {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("level size " + width + " x " + height + " is empty");
    }
  }

  /**
   * A level of {@code width x height} stored in tiles of {@code tileWidth x tileHeight}, in a
   * pyramid whose level 0 is {@code fullWidth} wide: its downsample the ratio of the widths, as
   * stored pyramids (TIFF, Zarr) give no other.
   */
  public static PyramidLevel stored(
      int width, int height, int tileWidth, int tileHeight, int fullWidth) {
    return new PyramidLevel(width, height, tileWidth, tileHeight, (double) fullWidth / width);
  }
}
