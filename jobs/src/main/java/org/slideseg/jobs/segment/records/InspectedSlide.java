package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import java.util.BitSet;
import org.slideseg.common.slide.SampleWindow;

/**
 * What inspecting a slide found: the level to segment, its size and which of its windows are empty
 * background, or why the slide cannot be segmented ({@code error} not null).
 *
 * @param downsample of the chosen level relative to level 0
 * @param mpp microns per pixel at the chosen level, NaN when unknown
 * @param background windows of the tile plan that show no tissue and are not run (empty when tissue
 *     detection is off)
 * @param samples the model's sample window as resolved for this slide (percentiles measured once,
 *     here), which every task applies when it opens the slide
 */
public record InspectedSlide(
    SlideRef slide,
    int level,
    int width,
    int height,
    double downsample,
    double mpp,
    BitSet background,
    SampleWindow samples,
    String error)
    implements Serializable {

  public InspectedSlide {
    background = (BitSet) background.clone();
  }

  public static InspectedSlide failed(SlideRef slide, String error) {
    return new InspectedSlide(
        slide, -1, 0, 0, Double.NaN, Double.NaN, new BitSet(), SampleWindow.FULL_RANGE, error);
  }

  public boolean ok() {
    return error == null;
  }

  @Override
  public BitSet background() {
    return (BitSet) background.clone();
  }

  public boolean isBackground(int window) {
    return background.get(window);
  }

  public int tilesSkipped() {
    return background.cardinality();
  }
}
