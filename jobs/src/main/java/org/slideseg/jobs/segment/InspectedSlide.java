package org.slideseg.jobs.segment;

import java.io.Serializable;

/**
 * What inspecting a slide found: the level to segment and its size, or why the slide cannot be
 * segmented ({@code error} not null).
 *
 * @param downsample of the chosen level relative to level 0
 * @param mpp microns per pixel at the chosen level, NaN when unknown
 */
public record InspectedSlide(
    SlideRef slide, int level, int width, int height, double downsample, double mpp, String error)
    implements Serializable {

  static InspectedSlide failed(SlideRef slide, String error) {
    return new InspectedSlide(slide, -1, 0, 0, Double.NaN, Double.NaN, error);
  }

  public boolean ok() {
    return error == null;
  }
}
