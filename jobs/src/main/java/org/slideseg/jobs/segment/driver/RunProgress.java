package org.slideseg.jobs.segment.driver;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.jobs.cli.ProgressLine;
import org.slideseg.jobs.segment.executor.DaemonThreads;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.executor.TaskMeters.Count;

/**
 * The driver's progress while a run segments and assembles: every second it reads the tasks' counts
 * ({@link TaskMeters}, updated as each task ends) and shows them through a {@link ProgressLine}, so
 * a log gets a line every ten seconds.
 */
final class RunProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);

  /** What a run has to do: from the plan, before any task starts. */
  record Totals(int slides, long windows, long outputPixels) {}

  private final TaskMeters meters;
  private final Totals totals;
  private final ProgressLine line = ProgressLine.of(LOG::info);
  private final ScheduledExecutorService ticks;
  private final long started = System.nanoTime();
  private volatile long maskBlocks = -1;

  RunProgress(TaskMeters meters, Totals totals) {
    this.meters = meters;
    this.totals = totals;
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
        ? segmenting(
            totals, meters.counted(Count.WINDOWS), meters.counted(Count.OUTPUT_PIXELS), seconds)
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
    return String.format(
        "segment %d slide(s): %,d/%,d windows (%.1f %%), %.1f output Mpx/s, %s",
        totals.slides(),
        done,
        totals.windows(),
        100.0 * done / Math.max(1, totals.windows()),
        pixels / 1e6 / Math.max(seconds, 1e-9),
        left);
  }

  /** "assemble: 12/40 mask blocks, masks 1/3 written". */
  static String assembling(Totals totals, long blocksDone, long blocks, long masks) {
    return String.format(
        "assemble: %,d/%,d mask blocks, masks %d/%d written",
        Math.min(blocksDone, blocks), blocks, Math.min(masks, totals.slides()), totals.slides());
  }

  @Override
  public void close() {
    ticks.shutdownNow();
  }
}
