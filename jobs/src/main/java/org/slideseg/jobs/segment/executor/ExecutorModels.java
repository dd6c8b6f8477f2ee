package org.slideseg.jobs.segment.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.model.TorchRuntime;
import org.slideseg.jobs.segment.records.TaskSettings;

/**
 * One loaded model per executor JVM and device, shared by the task threads, each of which opens its
 * own predictor. This map is the only JVM-wide state of the job: a model is native memory that
 * should be loaded once per executor, not once per task. Models live until the executor exits.
 */
public final class ExecutorModels {
  private static final Map<String, SegmentationModel> LOADED = new ConcurrentHashMap<>();

  private ExecutorModels() {}

  public static SegmentationModel get(TaskSettings settings) {
    ComputeDevice device = resolveDevice(settings.device());
    String key = settings.model().uri() + "@" + device;
    return LOADED.computeIfAbsent(key, k -> load(settings, device));
  }

  private static SegmentationModel load(TaskSettings settings, ComputeDevice device) {
    TorchRuntime.configure(settings.threads());
    try {
      var weights = settings.model().localWeights(settings.spec(), settings.hadoop().get());
      return SegmentationModel.load(settings.spec(), weights, device);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An unnumbered GPU becomes the GPU Spark's resource scheduling assigned to this task, else 0.
   */
  private static ComputeDevice resolveDevice(ComputeDevice device) {
    TaskContext task = TaskContext.get();
    if (device.gpu() != ComputeDevice.ASSIGNED || task == null) {
      return device.resolve(0);
    }
    ResourceInformation gpus = task.resources().get("gpu").getOrElse(() -> null);
    return device.resolve(
        gpus == null || gpus.addresses().length == 0 ? 0 : Integer.parseInt(gpus.addresses()[0]));
  }
}
