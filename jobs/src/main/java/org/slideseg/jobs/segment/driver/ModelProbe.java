package org.slideseg.jobs.segment.driver;

import ai.djl.inference.Predictor;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.LabelBatch;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.model.WindowBatch;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.jobs.console.UsageException;

/**
 * Runs one window through the model on the driver, on the CPU, before any Spark work: a model that
 * cannot load, or whose output does not match its {@code model.json}, is a usage error naming the
 * file and the field, not a run in which every slide fails.
 */
public final class ModelProbe {
  private ModelProbe() {}

  /**
   * @param threads PyTorch threads, as the tasks of this JVM will use them
   * @throws UsageException naming the weights file or the model.json field at fault
   */
  static void check(ModelDirectory dir, ModelSpec spec, int threads, Configuration conf)
      throws UsageException {
    Path json = new Path(new Path(dir.uri()), ModelDirectory.SPEC_FILE);
    Path weights = new Path(new Path(dir.uri()), spec.file());
    TorchRuntime.configure(threads);
    SegmentationModel model;
    try {
      model = dir.load(spec, conf, ComputeDevice.CPU, Precision.FP32);
    } catch (Exception e) {
      throw new UsageException(
          "--model " + weights + ": cannot be loaded as " + spec.format() + ": " + rootCause(e));
    }
    int tile = spec.geometry().inputTile();
    try (model;
        Predictor<WindowBatch, LabelBatch> predictor = model.newPredictor()) {
      var window =
          new PixelRegion(
              tile, tile, spec.inputChannels(), new byte[tile * tile * spec.inputChannels()]);
      LabelBatch out = predictor.predict(WindowBatch.of(List.of(window), spec.inputChannels()));
      int expected = spec.geometry().outputTile();
      if (out.width() != expected || out.height() != expected) {
        throw new UsageException(
            String.format(
                "--model %s: field \"outputTile\" is %d, but the network returns %d x %d for an"
                    + " \"inputTile\" of %d",
                json, expected, out.width(), out.height(), tile));
      }
    } catch (UsageException e) {
      throw e;
    } catch (Exception e) {
      throw new UsageException(
          String.format(
              "--model %s: one %d x %d window of \"inputChannels\" %d through %s failed; check"
                  + " \"inputChannels\", \"inputTile\" and \"classes\": %s",
              json, tile, tile, spec.inputChannels(), weights.getName(), rootCause(e)));
    }
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // TorchScript errors carry the interpreter's traceback; its RuntimeError line is the reason.
    return m.lines()
        .filter(l -> l.startsWith("RuntimeError:"))
        .reduce((first, last) -> last)
        .orElse(m.lines().findFirst().orElse(m));
  }
}
