package org.slideseg.common.engine;

/**
 * The engine computes wrong convolutions on this CPU, even with the kernels slideseg can switch off
 * switched off: no model may run in this JVM. The message names the CPU, the convolution that was
 * wrong and by how much, and what to set.
 */
public final class EngineDefectException extends RuntimeException {
  EngineDefectException(String message) {
    super(message);
  }
}
