package org.slideseg.jobs.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.model.TorchRuntime;

/**
 * One loaded model per executor JVM and device, shared by the task threads, each of which opens its
 * own predictor. This map is the only JVM-wide state of the job: a model is native memory that
 * should be loaded once per executor, not once per task. Models live until the executor exits.
 */
final class ExecutorModels {
  private static final Map<String, SegmentationModel> LOADED = new ConcurrentHashMap<>();

  private ExecutorModels() {}

  static SegmentationModel get(TaskSettings settings) {
    String device = resolveDevice(settings.device());
    String key = settings.model().uri() + "@" + device;
    return LOADED.computeIfAbsent(key, k -> load(settings, device));
  }

  private static SegmentationModel load(TaskSettings settings, String device) {
    TorchRuntime.configure(settings.threads());
    try {
      var weights = settings.model().localWeights(settings.spec(), settings.hadoop().get());
      return SegmentationModel.load(settings.spec(), weights, device);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * "gpu" becomes the GPU Spark's resource scheduling assigned to this task, when it assigned one.
   */
  private static String resolveDevice(String device) {
    TaskContext task = TaskContext.get();
    if (!"gpu".equals(device) || task == null) {
      return device;
    }
    ResourceInformation gpus = task.resources().get("gpu").getOrElse(() -> null);
    return gpus == null || gpus.addresses().length == 0 ? "gpu:0" : "gpu:" + gpus.addresses()[0];
  }
}
