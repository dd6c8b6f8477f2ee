package org.slideseg.jobs.segment.driver;

import java.util.ArrayList;
import java.util.List;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.WorkUnit;

/**
 * The segment step's work, planned on the driver without Spark: each readable slide's windows cut
 * into work units, one per task, and the run's totals for its progress line.
 */
record WorkPlan(List<WorkUnit> units, RunProgress.Totals totals) {
  WorkPlan {
    units = List.copyOf(units);
  }

  /**
   * @param slots the cluster's task slots
   * @param maxPerTask --windows-per-task
   */
  static WorkPlan of(List<InspectedSlide> slides, ModelSpec spec, int slots, int maxPerTask) {
    long windows = 0;
    long pixels = 0;
    for (InspectedSlide s : slides) {
      windows += new TilePlan(s.width(), s.height(), spec.geometry()).size();
      pixels += (long) s.width() * s.height();
    }
    int perTask = windowsPerTask(windows, slots, maxPerTask);
    return new WorkPlan(
        workUnits(slides, spec, perTask), new RunProgress.Totals(slides.size(), windows, pixels));
  }

  /**
   * Windows per segment task: {@code max} (--windows-per-task), or fewer where the run has too few
   * windows to give every task slot work, so a small run still uses every core (a 2048 x 2048 slide
   * is 36 windows of the bundled model: one task of 64 kept one of two cores idle).
   */
  static int windowsPerTask(long windows, int slots, int max) {
    long even = (windows + slots - 1) / Math.max(1, slots);
    return (int) Math.max(1, Math.min(max, even));
  }

  /** Each slide's windows in the tile plan's order, cut into runs of at most {@code perTask}. */
  private static List<WorkUnit> workUnits(
      Iterable<InspectedSlide> slides, ModelSpec spec, int perTask) {
    List<WorkUnit> units = new ArrayList<>();
    for (InspectedSlide s : slides) {
      int windows = new TilePlan(s.width(), s.height(), spec.geometry()).size();
      for (int first = 0; first < windows; first += perTask) {
        units.add(new WorkUnit(s, first, Math.min(windows, first + perTask)));
      }
    }
    return units;
  }
}
