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
}
