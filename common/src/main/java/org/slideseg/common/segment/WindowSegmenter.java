package org.slideseg.common.segment;

import ai.djl.inference.Predictor;
import ai.djl.metric.Metrics;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slideseg.common.model.LabelBatch;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.WindowBatch;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.tiling.MirrorPadding;
import org.slideseg.common.tiling.Window;
import org.slideseg.common.tiling.WindowGeometry;

/**
 * Segments windows of one slide level with one predictor. Borrows the reader and the predictor (the
 * caller closes them). Like both of them it is not thread-safe, except that one thread may {@link
 * #read} while another runs {@link #predict}: so the next windows are read while the model runs.
 */
public final class WindowSegmenter {
  private final SlideReader reader;
  private final int level;
  private final ModelSpec spec;
  private final Predictor<WindowBatch, LabelBatch> predictor;
  private final SegmentTimes times;
  private final Metrics metrics = new Metrics();

  public WindowSegmenter(
      SlideReader reader,
      int level,
      ModelSpec spec,
      Predictor<WindowBatch, LabelBatch> predictor,
      SegmentTimes times) {
    this.reader = reader;
    this.level = level;
    this.spec = spec;
    this.predictor = predictor;
    this.times = times;
    predictor.setMetrics(metrics); // DJL then times its three phases of every call
  }

  /** The latest call's time in a phase DJL measured, in microseconds. */
  private long micros(String phase) {
    return metrics.latestMetric(phase).getValue().longValue();
  }

  /**
   * Runs one model call on {@code windows} and returns their kept outputs, in the same order, with
   * probabilities where the predictor gives them.
   */
  public List<MaskTile> segment(List<Window> windows) throws IOException {
    return predict(windows, read(windows));
  }

  /**
   * Reads the windows' inputs, mirror-padded. Uses only the reader: one thread may read the next
   * windows while another runs {@link #predict} on these.
   */
  public List<PixelRegion> read(List<Window> windows) throws IOException {
    long start = System.nanoTime();
    List<PixelRegion> inputs = new ArrayList<>(windows.size());
    for (Window w : windows) {
      inputs.add(MirrorPadding.read(reader, w.input(level, spec.geometry())));
    }
    times.add(new SegmentTimes.CallTimes(System.nanoTime() - start, 0, 0, 0));
    return inputs;
  }

  /**
   * Runs one model call on the inputs {@link #read} returned for {@code windows}; returns their
   * kept outputs, in the same order. Uses only the predictor.
   */
  public List<MaskTile> predict(List<Window> windows, List<PixelRegion> inputs) throws IOException {
    WindowGeometry g = spec.geometry();
    long start = System.nanoTime();
    LabelBatch labels;
    try {
      labels = predictor.predict(WindowBatch.of(inputs, spec.inputChannels()));
    } catch (TranslateException e) {
      throw new IOException(
          reader.source() + ": model " + spec.name() + " failed: " + e.getMessage(), e);
    }
    if (labels.width() != g.outputTile() || labels.height() != g.outputTile()) {
      throw new IOException(
          "model "
              + spec.name()
              + " returned "
              + labels.width()
              + " x "
              + labels.height()
              + " outputs for "
              + g.inputTile()
              + " inputs; model.json declares outputTile "
              + g.outputTile());
    }
    List<MaskTile> tiles = new ArrayList<>(windows.size());
    for (int i = 0; i < windows.size(); i++) {
      Window w = windows.get(i);
      int h = g.halo();
      tiles.add(
          new MaskTile(
              w,
              labels.crop(i, h, h, w.width(), w.height()),
              labels.cropProbabilities(i, h, h, w.width(), w.height())));
    }
    long inference = micros("Inference") * 1000;
    long preprocess = micros("Preprocess") * 1000;
    long rest = System.nanoTime() - start - preprocess - inference;
    times.add(new SegmentTimes.CallTimes(0, preprocess, inference, rest));
    return tiles;
  }
}
