package org.slideseg.jobs.segment.executor;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.PyramidLevel;
import org.slideseg.common.slide.SlidePyramid;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.common.tiling.TissueMap;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.TaskFailures;

/** Opens a slide, reads its pyramid and chooses the level to segment. Runs on executors. */
public final class SlideInspector {
  private SlideInspector() {}

  /** Side of the thumbnail that tissue is judged on: a few pixels per window on large slides. */
  public static final int TISSUE_THUMBNAIL = 2048;

  /**
   * @param requestedLevel a level index, or -1 for the level nearest the model's resolution
   * @param minTissue windows with a smaller share of tissue are background; 0 runs every window
   * @return the plan, or a failed inspection naming the slide and the reason
   * @throws IOException a storage error that Spark should retry (see {@link TaskFailures})
   */
  public static InspectedSlide inspect(
      SlideRef slide,
      int requestedLevel,
      ModelSpec spec,
      double minTissue,
      TaskFailures failures,
      int timeoutSeconds,
      Configuration conf)
      throws IOException {
    try {
      return TaskDeadline.within(
          timeoutSeconds,
          "inspecting " + slide.uri(),
          () -> inspectNow(slide, requestedLevel, spec, minTissue, conf));
    } catch (Exception e) {
      return InspectedSlide.failed(slide, failures.slideFailure("inspecting", e));
    }
  }

  private static InspectedSlide inspectNow(
      SlideRef slide, int requestedLevel, ModelSpec spec, double minTissue, Configuration conf)
      throws IOException {
    try (SlideReader reader = slide.open(spec.normalize().samples(), conf)) {
      SlidePyramid pyramid = reader.pyramid();
      if (!PixelRegion.convertible(pyramid.channels(), spec.inputChannels())) {
        return InspectedSlide.failed(
            slide,
            slide.uri()
                + ": it has "
                + pyramid.channels()
                + " channels, and model "
                + spec.name()
                + " takes "
                + spec.inputChannels()
                + " (gray and RGB convert into each other; other channel counts must match)");
      }
      int level = requestedLevel >= 0 ? requestedLevel : nearestLevel(pyramid, spec.mpp());
      if (level >= pyramid.levels().size()) {
        return InspectedSlide.failed(
            slide,
            slide.uri()
                + ": level "
                + level
                + " does not exist: the slide has levels 0-"
                + (pyramid.levels().size() - 1));
      }
      PyramidLevel l = pyramid.level(level);
      BitSet background =
          minTissue > 0
              ? TissueMap.of(reader, level, TISSUE_THUMBNAIL)
                  .background(new TilePlan(l.width(), l.height(), spec.geometry()), minTissue)
              : new BitSet();
      return new InspectedSlide(
          slide,
          level,
          l.width(),
          l.height(),
          l.downsample(),
          pyramid.mppAt(level).orElse(Double.NaN),
          background,
          reader.window(),
          null);
    }
  }

  /**
   * The level whose microns per pixel is nearest (in ratio) to the model's; 0 when either is
   * unknown.
   */
  public static int nearestLevel(SlidePyramid pyramid, double modelMpp) {
    if (Double.isNaN(modelMpp) || Double.isNaN(pyramid.mpp())) {
      return 0;
    }
    List<PyramidLevel> levels = pyramid.levels();
    int best = 0;
    for (int i = 1; i < levels.size(); i++) {
      double current = Math.abs(Math.log(pyramid.mppAt(i).getAsDouble() / modelMpp));
      double bestSoFar = Math.abs(Math.log(pyramid.mppAt(best).getAsDouble() / modelMpp));
      if (current < bestSoFar) {
        best = i;
      }
    }
    return best;
  }
}
