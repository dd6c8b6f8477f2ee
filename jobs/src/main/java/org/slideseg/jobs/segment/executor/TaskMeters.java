package org.slideseg.jobs.segment.executor;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slideseg.common.segment.SegmentTimes;

/**
 * Task time per stage and work done, summed over every task of a run by Spark accumulators:
 * registered on the driver, shipped inside the task functions, read on the driver while the steps
 * run (progress: a task's share arrives when it ends, its running count with each executor
 * heartbeat) and once they are done (step times).
 */
public final class TaskMeters implements SegmentTimes, Serializable {
  /** What task time goes to, in pipeline order. */
  public enum Stage {
    READ("read + decode windows"),
    PREPROCESS("preprocess"),
    INFERENCE("inference"),
    POSTPROCESS("postprocess + encode tiles"),
    MASK_TILES("pyramid: compress mask tiles"),
    STITCH("pyramid: stitch and publish"),
    POLYGONS("polygons: merge and publish"),
    PREVIEW("preview");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * Work done. A retried task may count its work twice (Spark counts accumulators of
   * transformations once per attempt), so these are for progress, not for results.
   */
  public enum Count {
    WINDOWS("windows"),
    OUTPUT_PIXELS("output pixels"),
    MASK_BLOCKS("mask blocks"),
    MASKS("masks");

    private final String label;

    Count(String label) {
      this.label = label;
    }
  }

  private final Map<Stage, LongAccumulator> nanos;
  private final Map<Count, LongAccumulator> counts;

  private TaskMeters(Map<Stage, LongAccumulator> nanos, Map<Count, LongAccumulator> counts) {
    this.nanos = nanos;
    this.counts = counts;
  }

  public static TaskMeters register(SparkContext spark) {
    Map<Stage, LongAccumulator> nanos = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      nanos.put(s, spark.longAccumulator("slideseg: " + s.label() + " (ns)"));
    }
    Map<Count, LongAccumulator> counts = new EnumMap<>(Count.class);
    for (Count c : Count.values()) {
      counts.put(c, spark.longAccumulator("slideseg: " + c.label));
    }
    return new TaskMeters(nanos, counts);
  }

  public void count(Count what, long more) {
    counts.get(what).add(more);
  }

  /** On the driver: the work counted so far, by the tasks that have ended. */
  public long counted(Count what) {
    return counts.get(what).value();
  }

  /** The accumulator of {@code what}, as heartbeats of running tasks name it. */
  public long accumulatorId(Count what) {
    return counts.get(what).id();
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

  /** Seconds per stage, in pipeline order, stages that took no time left out. */
  public Map<Stage, Double> seconds() {
    Map<Stage, Double> out = new EnumMap<>(Stage.class);
    nanos.forEach(
        (stage, sum) -> {
          if (sum.value() > 0) {
            out.put(stage, sum.value() / 1e9);
          }
        });
    return out;
  }
}
