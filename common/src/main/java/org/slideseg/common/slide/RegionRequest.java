package org.slideseg.common.slide;

/**
 * A rectangle of one pyramid level, in that level's pixel coordinates. Immutable; validated on
 * creation.
 *
 * @param level pyramid level index, 0 = full resolution
 */
public record RegionRequest(int level, int x, int y, int width, int height) {

  public RegionRequest {
    if (level < 0) {
      throw new IllegalArgumentException("level " + level + " is negative");
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("region size " + width + " x " + height + " is empty");
    }
  }

  public static RegionRequest of(int level, int x, int y, int width, int height) {
    return new RegionRequest(level, x, y, width, height);
  }

  public int right() {
    return x + width;
  }

  public int bottom() {
    return y + height;
  }

  /** True when the region lies wholly inside a level of the given size. */
  public boolean isInside(int levelWidth, int levelHeight) {
    return x >= 0 && y >= 0 && right() <= levelWidth && bottom() <= levelHeight;
  }
}
