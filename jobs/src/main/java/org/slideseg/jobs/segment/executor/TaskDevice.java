package org.slideseg.jobs.segment.executor;

import ai.djl.engine.Engine;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.model.ComputeDevice;

/**
 * The device a task runs its model on: an unnumbered GPU becomes the GPU address Spark's resource
 * scheduling assigned the task (GPU 0 outside Spark or without an assignment), and {@code auto}
 * becomes that GPU where CUDA is usable in this JVM, else the CPU, said once per JVM.
 */
public final class TaskDevice {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);
  private static final AtomicBoolean SAID_NO_CUDA = new AtomicBoolean();

  private TaskDevice() {}

  /** The device this task uses for {@code requested}. */
  public static ComputeDevice resolve(ComputeDevice requested) {
    if (requested.gpu() != ComputeDevice.ASSIGNED && requested.gpu() != ComputeDevice.AUTO) {
      return requested;
    }
    boolean cuda = requested.gpu() == ComputeDevice.ASSIGNED || cudaUsable();
    if (!cuda && SAID_NO_CUDA.compareAndSet(false, true)) {
      LOG.info(
          "--device auto: CUDA is not usable in this JVM ({}); running on the CPU", libtorch());
    }
    String assigned = assignedGpu();
    return requested.resolve(assigned == null ? 0 : Integer.parseInt(assigned), cuda);
  }

  /** The first GPU address Spark assigned the current task, or null. */
  public static String assignedGpu() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return null;
    }
    ResourceInformation gpus = task.resources().get("gpu").getOrElse(() -> null);
    return gpus == null || gpus.addresses().length == 0 ? null : gpus.addresses()[0];
  }

  /** How a task records where it ran: {@code executor 1: gpu:1 (assigned gpu 1)}. */
  public static String describe(ComputeDevice used) {
    SparkEnv env = SparkEnv.get();
    String executor = env == null ? "driver" : env.executorId();
    String assigned = assignedGpu();
    return "executor "
        + executor
        + ": "
        + used
        + (assigned == null ? "" : " (assigned gpu " + assigned + ")");
  }

  /**
   * Why {@code requested} cannot run in this task, or null when it can: a GPU asked for where
   * PyTorch sees no CUDA device. Run once per executor before any slide, so a GPU job on GPU-less
   * executors stops at once.
   */
  public static String unusable(ComputeDevice requested) {
    if (!requested.isGpu() || cudaUsable()) {
      return null;
    }
    return describe(requested)
        + ": no CUDA GPU is usable for --device "
        + requested
        + " ("
        + libtorch()
        + ")";
  }

  /** Whether PyTorch sees a CUDA GPU in this JVM. */
  public static boolean cudaUsable() {
    return Engine.getEngine("PyTorch").getGpuCount() > 0;
  }

  /** Which libtorch DJL was told to use, for messages about GPUs that cannot be used. */
  public static String libtorch() {
    String path = System.getenv("PYTORCH_LIBRARY_PATH");
    if (path == null) {
      return "DJL uses the CPU-only libtorch 2.7.1 in the slideseg jar; for a GPU set"
          + " PYTORCH_LIBRARY_PATH, PYTORCH_VERSION=2.7.1 and PYTORCH_FLAVOR (e.g. cu126) to a CUDA"
          + " build of libtorch 2.7.1";
    }
    return "PYTORCH_LIBRARY_PATH="
        + path
        + ", PYTORCH_VERSION="
        + System.getenv("PYTORCH_VERSION")
        + ", PYTORCH_FLAVOR="
        + System.getenv("PYTORCH_FLAVOR");
  }
}
