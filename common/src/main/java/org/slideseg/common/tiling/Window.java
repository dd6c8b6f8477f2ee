package org.slideseg.common.tiling;

import org.slideseg.common.slide.RegionRequest;

/**
 * One model window: the output rectangle it contributes to the mask, clipped at the level's right
 * and bottom edges, in level coordinates. The input it reads is always a full {@code inputTile}
 * square.
 */
public record Window(int x, int y, int width, int height) {

  public Window {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("window " + width + " x " + height + " is empty");
    }
  }

  /** The input square to read, extending {@code context} pixels beyond the output on every side. */
  public RegionRequest input(int level, WindowGeometry geometry) {
    int c = geometry.context();
    return RegionRequest.of(level, x - c, y - c, geometry.inputTile(), geometry.inputTile());
  }
}
