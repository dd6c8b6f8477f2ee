package org.slideseg.jobs.segment.driver;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.concurrent.DaemonThreads;
import org.slideseg.jobs.console.ProgressLine;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.executor.TaskMeters.Count;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The driver's progress while a run segments and assembles: every second it reads the tasks' counts
 * and shows them through a {@link ProgressLine}, so a log gets a line every ten seconds. Counts are
 * those of {@link TaskMeters}, which Spark merges on the driver as each task ends, plus the latest
 * values of running tasks, which every executor heartbeat (10 s) brings: so progress moves within a
 * long task too.
 */
final class RunProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);

  /** What a run has to do: from the plan, before any task starts. */
  record Totals(int slides, long windows, long outputPixels) {}

  private final SparkContext spark;
  private final TaskMeters meters;
  private final Totals totals;
  private final RunningTasks running = new RunningTasks();
  private final ProgressLine line = ProgressLine.of(LOG::info);
  private final ScheduledExecutorService ticks;
  private final long started = System.nanoTime();
  private volatile long maskBlocks = -1;

  RunProgress(SparkContext spark, TaskMeters meters, Totals totals) {
    this.spark = spark;
    this.meters = meters;
    this.totals = totals;
    spark.addSparkListener(running);
    this.ticks = DaemonThreads.scheduled("slideseg-progress");
    ticks.scheduleAtFixedRate(() -> line.show(now()), 1, 1, TimeUnit.SECONDS);
  }

  /** From now on the run assembles {@code blocks} mask blocks. */
  void assembling(long blocks) {
    maskBlocks = blocks;
  }

  private String now() {
    double seconds = (System.nanoTime() - started) / 1e9;
    long blocks = maskBlocks;
    return blocks < 0
        ? segmenting(totals, counted(Count.WINDOWS), counted(Count.OUTPUT_PIXELS), seconds)
        : assembling(
            totals, meters.counted(Count.MASK_BLOCKS), blocks, meters.counted(Count.MASKS));
  }

  /**
   * "segment 3 slides: 1,234/5,678 windows (21.7 %), 12.3 output Mpx/s, about 2m10s left": the time
   * left is that of segmenting at the rate so far.
   */
  static String segmenting(Totals totals, long windows, long pixels, double seconds) {
    long done = Math.min(windows, totals.windows());
    String left =
        done == 0
            ? "time left not known yet"
            : "about "
                + ProgressLine.duration(seconds * (totals.windows() - done) / done)
                + " left";
    double rate = pixels / 1e6 / Math.max(seconds, 1e-9);
    return String.format(
        "segment %d slide(s): %,d/%,d windows (%.1f %%), %s output Mpx/s, %s",
        totals.slides(),
        done,
        totals.windows(),
        100.0 * done / Math.max(1, totals.windows()),
        String.format(rate < 10 ? "%.2f" : "%.1f", rate), // a CPU runs the model at 0.1-0.3
        left);
  }

  /** "assemble: 12/40 mask blocks, masks 1/3 written". */
  static String assembling(Totals totals, long blocksDone, long blocks, long masks) {
    return String.format(
        "assemble: %,d/%,d mask blocks, masks %d/%d written",
        Math.min(blocksDone, blocks), blocks, Math.min(masks, totals.slides()), totals.slides());
  }

  /** Ended tasks' counts and running tasks' latest ones. */
  private long counted(Count what) {
    return meters.counted(what) + running.sum(meters.accumulatorId(what));
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    spark.removeSparkListener(running);
  }

  /**
   * The latest accumulator values of running tasks, from executor heartbeats; a task's values go
   * when it ends, as Spark then merges them into the accumulator itself.
   */
  private static final class RunningTasks extends SparkListener {
    private final Map<Long, Map<Long, Long>> byTask = new ConcurrentHashMap<>();

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
      for (var task : CollectionConverters.asJava(update.accumUpdates())) {
        Map<Long, Long> values = new HashMap<>();
        for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
          if (info.update().isDefined() && info.update().get() instanceof Long value) {
            values.put(info.id(), value);
          }
        }
        byTask.put((Long) task._1(), values);
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      byTask.remove(end.taskInfo().taskId());
    }

    long sum(long accumulatorId) {
      return byTask.values().stream().mapToLong(v -> v.getOrDefault(accumulatorId, 0L)).sum();
    }
  }
}
