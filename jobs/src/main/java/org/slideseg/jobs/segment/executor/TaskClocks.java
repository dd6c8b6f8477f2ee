package org.slideseg.jobs.segment.executor;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slideseg.common.segment.SegmentTimes;

/**
 * Task time per stage, summed over every task of a run by Spark accumulators: registered on the
 * driver, shipped inside the task functions, read on the driver once the steps are done.
 */
public final class TaskClocks implements SegmentTimes, Serializable {
  /** What task time goes to, in pipeline order. */
  public enum Stage {
    READ("read + decode windows"),
    PREPROCESS("preprocess"),
    INFERENCE("inference"),
    POSTPROCESS("postprocess + encode tiles"),
    MASK_TILES("pyramid: compress mask tiles"),
    STITCH("pyramid: stitch and publish"),
    PREVIEW("preview");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Map<Stage, LongAccumulator> nanos;

  private TaskClocks(Map<Stage, LongAccumulator> nanos) {
    this.nanos = nanos;
  }

  public static TaskClocks register(SparkContext spark) {
    Map<Stage, LongAccumulator> nanos = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      nanos.put(s, spark.longAccumulator("slideseg: " + s.label() + " (ns)"));
    }
    return new TaskClocks(nanos);
  }

  @Override
  public void add(CallTimes call) {
    add(Stage.READ, call.read());
    add(Stage.PREPROCESS, call.preprocess());
    add(Stage.INFERENCE, call.inference());
    add(Stage.POSTPROCESS, call.postprocess());
  }

  public void add(Stage stage, long nanoseconds) {
    nanos.get(stage).add(nanoseconds);
  }

  /** Nanoseconds since {@code startNanos}, added to {@code stage}. */
  public void since(Stage stage, long startNanos) {
    add(stage, System.nanoTime() - startNanos);
  }

  /** Seconds per stage label, in pipeline order, stages that took no time left out. */
  public Map<String, Double> seconds() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach(
        (stage, sum) -> {
          if (sum.value() > 0) {
            out.put(stage.label(), sum.value() / 1e9);
          }
        });
    return out;
  }
}
