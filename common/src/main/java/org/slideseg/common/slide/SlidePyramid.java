package org.slideseg.common.slide;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The levels of a slide, largest first, and its physical pixel size where the file records one.
 *
 * @param mpp microns per pixel at level 0, or NaN when unknown
 * @param channels 1 for gray slides, 3 for RGB
 */
public record SlidePyramid(List<PyramidLevel> levels, int channels, double mpp) {

  public SlidePyramid {
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("a slide needs at least one level");
    }
  }

  public PyramidLevel level(int index) {
    if (index < 0 || index >= levels.size()) {
      throw new IllegalArgumentException(
          "level " + index + " does not exist: the slide has levels 0-" + (levels.size() - 1));
    }
    return levels.get(index);
  }

  public OptionalDouble mppAt(int level) {
    return Double.isNaN(mpp)
        ? OptionalDouble.empty()
        : OptionalDouble.of(mpp * level(level).downsample());
  }
}
