package org.slideseg.common.slide;

import java.io.IOException;

/**
 * An open slide. {@link #readRegion} is the one way to read pixels; it decodes only the stored
 * tiles that the region covers.
 *
 * <p>Not thread-safe: use one reader per thread. The reader holds an open stream until closed.
 */
public interface SlideReader extends AutoCloseable {

  /** Where the slide was opened from, for error messages. */
  String source();

  SlidePyramid pyramid();

  /**
   * The sample window this reader applies, resolved: percentiles come back as the window measured
   * on this slide ({@link SampleWindow#measured}), for other readers of it to apply as they are.
   */
  default SampleWindow window() {
    return SampleWindow.FULL_RANGE;
  }

  /**
   * Reads a region that lies inside its level.
   *
   * @throws IllegalArgumentException when the region extends outside the level
   * @throws IOException when the file cannot be read or decoded
   */
  PixelRegion readRegion(RegionRequest request) throws IOException;

  /**
   * @throws IllegalArgumentException naming the slide, the region and the level's size when the
   *     region extends outside its level
   */
  default void checkInside(RegionRequest request) {
    PyramidLevel level = pyramid().level(request.level());
    if (!request.isInside(level.width(), level.height())) {
      throw new IllegalArgumentException(
          String.format(
              "%s: region %s is outside level %d of %d x %d",
              source(), request, request.level(), level.width(), level.height()));
    }
  }

  @Override
  void close() throws IOException;
}
