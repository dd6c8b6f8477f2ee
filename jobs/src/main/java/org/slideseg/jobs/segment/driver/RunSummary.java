package org.slideseg.jobs.segment.driver;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.SlideRow;

/**
 * What a run did: each slide's row of the slides table, in the order of the inputs, and the run's
 * times.
 *
 * @param classes the model's class names
 * @param reused ids of the slides an earlier run's outputs were kept for, in the order of the
 *     inputs
 * @param stepSeconds wall seconds of each step before the commit, in the order they ran ({@link
 *     StepClock})
 * @param taskSeconds each task stage's seconds summed over tasks
 */
public record RunSummary(
    String runId,
    OutputLayout layout,
    List<String> classes,
    List<SlideRow> slides,
    List<String> reused,
    double seconds,
    Map<String, Double> stepSeconds,
    Map<TaskMeters.Stage, Double> taskSeconds) {

  public RunSummary {
    classes = List.copyOf(classes);
    slides = List.copyOf(slides);
    reused = List.copyOf(reused);
    stepSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(stepSeconds));
    Map<TaskMeters.Stage, Double> inOrder = new EnumMap<>(TaskMeters.Stage.class);
    inOrder.putAll(taskSeconds);
    taskSeconds = Collections.unmodifiableMap(inOrder);
  }

  /**
   * The run's times as the manifest and {@code bench} report them: each step's wall seconds, then
   * each task stage's, in pipeline order, as {@code "tasks: <stage>"}.
   */
  public Map<String, Double> timings() {
    Map<String, Double> out = new LinkedHashMap<>(stepSeconds);
    taskSeconds.forEach((stage, s) -> out.put("tasks: " + stage.label(), s));
    return Collections.unmodifiableMap(out);
  }

  /** Slides that failed in this run, with their reasons, in the order of the inputs. */
  public Map<String, String> failures() {
    Map<String, String> out = new LinkedHashMap<>();
    slides.stream().filter(s -> !s.ok()).forEach(s -> out.put(s.slideId(), s.error()));
    return Collections.unmodifiableMap(out);
  }

  /** The ids of this run's slides, reused ones included, in the order of the inputs. */
  public List<String> slideIds() {
    return slides.stream().map(SlideRow::slideId).toList();
  }

  public int slideCount() {
    return slides.size();
  }

  /** Where this run segmented its slides, one entry per executor and device, sorted. */
  public SortedSet<String> devices() {
    SortedSet<String> out = new TreeSet<>();
    slides.forEach(s -> out.addAll(s.devices()));
    return out;
  }

  /**
   * The run's slides as a short table for the log: status, size, seconds, class fractions and the
   * start of any error; every failed slide, and the first {@code maxOk} of the others.
   */
  String table(int maxOk) {
    StringBuilder out =
        new StringBuilder(
            String.format("%-32s %-9s %-13s %8s", "slide", "status", "size", "seconds"));
    classes.forEach(c -> out.append(String.format(" %9.9s", c)));
    out.append("  error");
    int shown = 0;
    for (SlideRow s : slides) {
      if (s.ok() && shown++ >= maxOk) {
        continue;
      }
      String status = !s.ok() ? SlideRow.FAILED : reused.contains(s.slideId()) ? "OK reused" : "OK";
      String size = s.level() == null ? "" : s.level().width() + " x " + s.level().height();
      out.append(String.format("%n%-32s %-9s %-13s %8.1f", s.slideId(), status, size, s.seconds()));
      double[] fractions = s.classes() == null ? new double[0] : s.classes().fractions();
      for (int c = 0; c < classes.size(); c++) {
        out.append(c < fractions.length ? String.format(" %9.4f", fractions[c]) : " ".repeat(10));
      }
      String error = s.ok() ? "" : s.error();
      out.append("  ").append(error.length() > 100 ? error.substring(0, 97) + "..." : error);
    }
    if (shown > maxOk) {
      out.append(
          String.format("%n... and %d more OK slide(s): see %s", shown - maxOk, layout.slides()));
    }
    return out.toString();
  }
}
