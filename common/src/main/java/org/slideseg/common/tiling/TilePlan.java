package org.slideseg.common.tiling;

import java.util.ArrayList;
import java.util.List;

/**
 * The windows that cover one level of a slide: kept tiles laid edge to edge in raster order, so
 * each output pixel belongs to exactly one window. Immutable and thread-safe.
 */
public record TilePlan(int levelWidth, int levelHeight, WindowGeometry geometry) {

  public TilePlan {
    if (levelWidth <= 0 || levelHeight <= 0) {
      throw new IllegalArgumentException("level " + levelWidth + " x " + levelHeight + " is empty");
    }
  }

  public int columns() {
    return (levelWidth + geometry.keptTile() - 1) / geometry.keptTile();
  }

  public int rows() {
    return (levelHeight + geometry.keptTile() - 1) / geometry.keptTile();
  }

  public int size() {
    return columns() * rows();
  }

  /** Window number {@code index} in raster order (row by row). */
  public Window window(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("window " + index + " of " + size());
    }
    int step = geometry.keptTile();
    int x = (index % columns()) * step;
    int y = (index / columns()) * step;
    return new Window(x, y, Math.min(step, levelWidth - x), Math.min(step, levelHeight - y));
  }

  /** Windows {@code from} (inclusive) to {@code to} (exclusive) in raster order. */
  public List<Window> windows(int from, int to) {
    List<Window> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(window(i));
    }
    return out;
  }
}
