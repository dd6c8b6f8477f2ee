package org.slideseg.jobs.segment.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.jobs.segment.records.TaskSettings;

/**
 * One loaded model per executor JVM and device, shared by the task threads, each of which opens its
 * own predictor. This map is the only JVM-wide state of the job: a model is native memory that
 * should be loaded once per executor, not once per task. Models live until the executor exits.
 */
public final class ExecutorModels {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
  private static final Map<String, SegmentationModel> LOADED = new ConcurrentHashMap<>();

  private ExecutorModels() {}

  /** The model on the device this task resolved (see {@link TaskDevice}), loaded once. */
  public static SegmentationModel get(TaskSettings settings, ComputeDevice device) {
    String key = settings.model().uri() + "@" + device + "/" + settings.compute().precision();
    return LOADED.computeIfAbsent(key, k -> load(settings, device));
  }

  private static SegmentationModel load(TaskSettings settings, ComputeDevice device) {
    TorchRuntime.configure(settings.compute().threads());
    try {
      SegmentationModel model =
          settings
              .model()
              .load(
                  settings.spec(), settings.hadoop().get(), device, settings.compute().precision());
      LOG.info(
          "loaded model {} on {} in JVM {}",
          settings.spec().name(),
          TaskDevice.describe(device),
          ProcessHandle.current().pid());
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
