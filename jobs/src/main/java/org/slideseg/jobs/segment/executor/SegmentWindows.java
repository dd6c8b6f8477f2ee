package org.slideseg.jobs.segment.executor;

import ai.djl.inference.Predictor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.slideseg.common.concurrent.DaemonThreads;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.LabelBatch;
import org.slideseg.common.model.WindowBatch;
import org.slideseg.common.segment.MaskTile;
import org.slideseg.common.segment.WindowSegmenter;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.common.tiling.Window;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.TaskFailures;
import org.slideseg.jobs.segment.records.TaskSettings;
import org.slideseg.jobs.segment.records.TileRows;
import org.slideseg.jobs.segment.records.WorkUnit;

/**
 * The segment step of one Spark task: opens the slide once, opens one predictor for this task
 * thread, runs the unit's tissue windows in batches (reading each batch while the model runs the
 * one before) and emits one row per window, background windows included. A slide's defect becomes
 * one error row, so that a bad slide fails alone; a storage error fails the attempt, which Spark
 * retries (see {@link TaskFailures}). Reader and predictor are always closed.
 */
public final class SegmentWindows implements FlatMapFunction<WorkUnit, Row> {
  private final TaskSettings settings;
  private final TaskMeters meters;

  public SegmentWindows(TaskSettings settings, TaskMeters meters) {
    this.settings = settings;
    this.meters = meters;
  }

  @Override
  public Iterator<Row> call(WorkUnit unit) throws IOException {
    long started = System.nanoTime();
    InspectedSlide slide = unit.slide();
    ComputeDevice device = TaskDevice.resolve(settings.compute().device());
    String what = "segmenting windows " + unit.firstWindow() + "-" + (unit.endWindow() - 1);
    List<MaskTile> tiles;
    long[] counted = {0}; // windows counted as done, so that a failure counts the rest
    try {
      tiles =
          TaskDeadline.within(
              settings.run().taskTimeout(),
              what + " of " + slide.slide().uri(),
              () -> segment(unit, device, counted));
    } catch (Exception e) {
      meters.count(TaskMeters.Count.WINDOWS, unit.endWindow() - unit.firstWindow() - counted[0]);
      String error = settings.run().failures().slideFailure(what, e);
      return List.of(
              TileRows.failure(
                  slide.slide().slideId(),
                  slide.level(),
                  settings.run().runId(),
                  error,
                  seconds(started)))
          .iterator();
    }
    long encoding = System.nanoTime();
    List<Row> rows = new ArrayList<>(tiles.size());
    for (int i = 0; i < tiles.size(); i++) {
      boolean last = i == tiles.size() - 1;
      rows.add(
          row(
              slide,
              tiles.get(i),
              last ? seconds(started) : null,
              last ? TaskDevice.describe(device) : null));
    }
    meters.since(TaskMeters.Stage.POSTPROCESS, encoding);
    return FaultInjection.SEGMENT.failHalfway(rows, settings.hadoop().get());
  }

  /**
   * The unit's windows, background windows as class 0 without reading them. The next batch is read
   * on a thread of its own while the model runs on this one, so that a GPU need not wait for the
   * decoder.
   */
  private List<MaskTile> segment(WorkUnit unit, ComputeDevice device, long[] counted)
      throws Exception {
    InspectedSlide slide = unit.slide();
    List<MaskTile> tiles = new ArrayList<>(unit.endWindow() - unit.firstWindow());
    List<List<Window>> batches = batches(unit, tiles);
    count(tiles, counted); // background windows
    ExecutorService prefetch = DaemonThreads.single("slideseg-read-ahead");
    try (SlideReader reader = slide.slide().open(slide.samples(), settings.hadoop().get());
        Predictor<WindowBatch, LabelBatch> predictor = predictor(device)) {
      var segmenter =
          new WindowSegmenter(reader, slide.level(), settings.spec(), predictor, meters);
      Future<List<PixelRegion>> next =
          batches.isEmpty() ? null : prefetch.submit(() -> segmenter.read(batches.get(0)));
      for (int b = 0; b < batches.size(); b++) {
        List<PixelRegion> inputs = inputsOf(next);
        int following = b + 1;
        next =
            following < batches.size()
                ? prefetch.submit(() -> segmenter.read(batches.get(following)))
                : null;
        List<MaskTile> done = segmenter.predict(batches.get(b), inputs);
        tiles.addAll(done);
        count(done, counted);
      }
    } finally {
      // Before the reader closes: a read still running is interrupted and its result dropped.
      prefetch.shutdownNow();
      prefetch.awaitTermination(1, TimeUnit.MINUTES);
    }
    return tiles;
  }

  private Predictor<WindowBatch, LabelBatch> predictor(ComputeDevice device) {
    var model = ExecutorModels.get(settings, device);
    return model.newPredictor(settings.compute().prediction());
  }

  /** The unit's tissue windows in batches; its background windows straight into {@code tiles}. */
  private List<List<Window>> batches(WorkUnit unit, List<MaskTile> tiles) {
    InspectedSlide slide = unit.slide();
    TilePlan plan = new TilePlan(slide.width(), slide.height(), settings.spec().geometry());
    List<List<Window>> batches = new ArrayList<>();
    List<Window> batch = new ArrayList<>(settings.compute().batch());
    for (int i = unit.firstWindow(); i < unit.endWindow(); i++) {
      Window w = plan.window(i);
      if (slide.isBackground(i)) {
        // Empty glass: neither read nor run; class 0 keeps the mask complete.
        int classes = settings.spec().classes().size();
        tiles.add(MaskTile.background(w, classes, settings.probabilities()));
        continue;
      }
      batch.add(w);
      if (batch.size() == settings.compute().batch()) {
        batches.add(List.copyOf(batch));
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(List.copyOf(batch));
    }
    return batches;
  }

  /**
   * Counts windows as they are done, not when the task ends: running tasks' counts reach the
   * driver's progress with every executor heartbeat.
   */
  private void count(List<MaskTile> done, long[] counted) {
    meters.count(TaskMeters.Count.WINDOWS, done.size());
    meters.count(
        TaskMeters.Count.OUTPUT_PIXELS,
        done.stream().mapToLong(t -> (long) t.window().width() * t.window().height()).sum());
    counted[0] += done.size();
  }

  /** What a read ahead returned, or what it threw. */
  private static List<PixelRegion> inputsOf(Future<List<PixelRegion>> read) throws Exception {
    try {
      return read.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private Row row(InspectedSlide slide, MaskTile tile, Double seconds, String device) {
    int classes = settings.spec().classes().size();
    return TileRows.tile(
        slide.slide().slideId(),
        slide.level(),
        tile,
        classes,
        settings.run().runId(),
        seconds,
        device);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
