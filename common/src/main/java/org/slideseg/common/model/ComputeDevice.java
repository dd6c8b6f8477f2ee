package org.slideseg.common.model;

import ai.djl.Device;
import java.io.Serializable;

/**
 * Where a model runs: the CPU, a numbered GPU, "a GPU", which a Spark task resolves to the one
 * Spark assigned it (GPU 0 elsewhere), or "auto": a GPU where CUDA is usable, else the CPU. Parsed
 * once from {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}; immutable and serializable, so
 * it travels to executors as it is.
 *
 * @param gpu -1 for the CPU, {@link #ASSIGNED} for an unnumbered GPU, {@link #AUTO}, else the GPU's
 *     number
 */
public record ComputeDevice(int gpu) implements Serializable {
  public static final int CPU_ONLY = -1;
  public static final int ASSIGNED = -2;
  public static final int AUTO = -3;
  public static final ComputeDevice CPU = new ComputeDevice(CPU_ONLY);

  public ComputeDevice {
    if (gpu < AUTO) {
      throw new IllegalArgumentException("GPU number " + gpu + " is negative");
    }
  }

  /**
   * @throws IllegalArgumentException naming the text when it is not cpu, gpu or gpu:N
   */
  public static ComputeDevice parse(String text) {
    if ("cpu".equals(text)) {
      return CPU;
    }
    if ("gpu".equals(text)) {
      return new ComputeDevice(ASSIGNED);
    }
    if ("auto".equals(text)) {
      return new ComputeDevice(AUTO);
    }
    if (text != null && text.matches("gpu:\\d{1,4}")) {
      return new ComputeDevice(Integer.parseInt(text.substring(4)));
    }
    throw new IllegalArgumentException("device \"" + text + "\" is not cpu, gpu, gpu:N or auto");
  }

  /** Whether this asks for a GPU (numbered or not); auto does not insist on one. */
  public boolean isGpu() {
    return gpu != CPU_ONLY && gpu != AUTO;
  }

  /**
   * This device with an unnumbered GPU (or auto, where CUDA is usable) made GPU {@code number}, and
   * auto without CUDA made the CPU; a CPU or numbered GPU unchanged.
   */
  public ComputeDevice resolve(int number, boolean cudaUsable) {
    return switch (gpu) {
      case ASSIGNED -> new ComputeDevice(number);
      case AUTO -> cudaUsable ? new ComputeDevice(number) : CPU;
      default -> this;
    };
  }

  /** DJL's device; an unnumbered GPU is GPU 0, auto the CPU (resolve it first). */
  public Device toDjl() {
    return switch (gpu) {
      case CPU_ONLY, AUTO -> Device.cpu();
      case ASSIGNED -> Device.gpu();
      default -> Device.gpu(gpu);
    };
  }

  @Override
  public String toString() {
    return switch (gpu) {
      case CPU_ONLY -> "cpu";
      case ASSIGNED -> "gpu";
      case AUTO -> "auto";
      default -> "gpu:" + gpu;
    };
  }
}
