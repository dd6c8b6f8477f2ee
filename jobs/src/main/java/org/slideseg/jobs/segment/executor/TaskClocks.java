package org.slideseg.jobs.segment.executor;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slideseg.common.segment.SegmentTimes;

/**
 * Task time spent reading windows and in the model, summed over every segment task of a run by
 * Spark accumulators: registered on the driver, shipped inside {@link SegmentWindows}, read on the
 * driver once the step is done.
 */
public final class TaskClocks implements SegmentTimes, Serializable {
  private final LongAccumulator readNanos;
  private final LongAccumulator modelNanos;

  private TaskClocks(LongAccumulator readNanos, LongAccumulator modelNanos) {
    this.readNanos = readNanos;
    this.modelNanos = modelNanos;
  }

  public static TaskClocks register(SparkContext spark) {
    return new TaskClocks(
        spark.longAccumulator("slideseg: reading windows (ns)"),
        spark.longAccumulator("slideseg: model calls (ns)"));
  }

  @Override
  public void add(long read, long model) {
    readNanos.add(read);
    modelNanos.add(model);
  }

  public double readSeconds() {
    return readNanos.value() / 1e9;
  }

  public double modelSeconds() {
    return modelNanos.value() / 1e9;
  }
}
