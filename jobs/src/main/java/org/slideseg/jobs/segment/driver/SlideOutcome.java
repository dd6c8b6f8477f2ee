package org.slideseg.jobs.segment.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slideseg.jobs.segment.outputs.CompletedSlide;
import org.slideseg.jobs.segment.outputs.SlideRow;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.SegmentedSlide;
import org.slideseg.jobs.segment.records.SlideRef;

/**
 * One slide's outcome in a run, folded from what each step returned for it.
 *
 * @param assembled null when the slide failed before assembly
 * @param error why the slide failed, from the first step that failed it; null when OK
 * @param runId the run that made the slide's outputs: this one, or the earlier one reused
 * @param devices where this run segmented it; empty when reused or failed before segmenting
 * @param reused an earlier run's outputs were kept; its run id may be this run's own, as when
 *     Airflow retries a task with the same {@code --run-id}
 */
record SlideOutcome(
    InspectedSlide inspected,
    AssembledSlide assembled,
    String error,
    double seconds,
    String runId,
    List<String> devices,
    boolean reused) {

  String slideId() {
    return inspected.slide().slideId();
  }

  boolean ok() {
    return error == null;
  }

  /** The slide's row of the slides table, for a run of model {@code model}. */
  SlideRow row(String model) {
    InspectedSlide s = inspected;
    AssembledSlide a = assembled;
    return new SlideRow(
        slideId(),
        s.slide().uri().toString(),
        s.ok() ? new SlideRow.Level(s.width(), s.height(), s.level(), s.downsample()) : null,
        Double.isNaN(s.mpp()) ? null : s.mpp(),
        model,
        a == null ? 0 : a.tiles(),
        s.tilesSkipped(),
        a == null || a.classPixels() == null
            ? null
            : new SlideRow.Classes(a.classPixels(), a.classRegions()),
        seconds,
        error,
        a == null ? null : a.maskUri(),
        a == null ? null : a.labelsUri(),
        a == null ? null : a.probabilityUris(),
        runId,
        devices);
  }

  /**
   * The one place where the steps' per-slide results meet: every slide of {@code refs}, in order,
   * is either reused, or failed by the first step that failed it, or OK.
   */
  static List<SlideOutcome> fold(
      List<SlideRef> refs,
      Map<String, CompletedSlide> reused,
      Map<String, InspectedSlide> inspected,
      Map<String, SegmentedSlide> segmented,
      Map<String, AssembledSlide> assembled,
      String runId) {
    List<SlideOutcome> out = new ArrayList<>(refs.size());
    for (SlideRef ref : refs) {
      String id = ref.slideId();
      CompletedSlide earlier = reused.get(id);
      if (earlier != null) {
        out.add(
            new SlideOutcome(
                earlier.inspected(),
                earlier.assembled(),
                null,
                earlier.seconds(),
                earlier.runId(),
                List.of(),
                true));
        continue;
      }
      InspectedSlide i = inspected.get(id);
      SegmentedSlide s = segmented.get(id);
      AssembledSlide a = assembled.get(id);
      double seconds = (s == null ? 0 : s.seconds()) + (a == null ? 0 : a.seconds());
      String error =
          !i.ok()
              ? i.error()
              : s != null && s.error() != null
                  ? s.error()
                  : a == null ? "no mask tiles were written" : a.error();
      List<String> devices = s == null ? List.of() : s.devices();
      out.add(new SlideOutcome(i, error == null ? a : null, error, seconds, runId, devices, false));
    }
    return List.copyOf(out);
  }
}
