package org.slideseg.common.model;

import ai.djl.Device;
import java.io.Serializable;

/**
 * Where a model runs: the CPU, a numbered GPU, or "a GPU", which a Spark task resolves to the one
 * Spark assigned it (GPU 0 elsewhere). Parsed once from {@code cpu}, {@code gpu} or {@code gpu:N};
 * immutable and serializable, so it travels to executors as it is.
 *
 * @param gpu -1 for the CPU, {@link #ASSIGNED} for an unnumbered GPU, else the GPU's number
 */
public record ComputeDevice(int gpu) implements Serializable {
  public static final int CPU_ONLY = -1;
  public static final int ASSIGNED = -2;
  public static final ComputeDevice CPU = new ComputeDevice(CPU_ONLY);

  public ComputeDevice {
    if (gpu < ASSIGNED) {
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
    if (text != null && text.matches("gpu:\\d{1,4}")) {
      return new ComputeDevice(Integer.parseInt(text.substring(4)));
    }
    throw new IllegalArgumentException("device \"" + text + "\" is not cpu, gpu or gpu:N");
  }

  public boolean isGpu() {
    return gpu != CPU_ONLY;
  }

  /** This device with an unnumbered GPU made {@code number}; a CPU or numbered GPU unchanged. */
  public ComputeDevice resolve(int number) {
    return gpu == ASSIGNED ? new ComputeDevice(number) : this;
  }

  /** DJL's device; an unnumbered GPU is GPU 0. */
  public Device toDjl() {
    return switch (gpu) {
      case CPU_ONLY -> Device.cpu();
      case ASSIGNED -> Device.gpu();
      default -> Device.gpu(gpu);
    };
  }

  @Override
  public String toString() {
    return switch (gpu) {
      case CPU_ONLY -> "cpu";
      case ASSIGNED -> "gpu";
      default -> "gpu:" + gpu;
    };
  }
}
