package org.slideseg.common.model;

import java.util.Locale;

/**
 * The floating-point precision a model runs at. {@code fp16} halves weight memory and uses the
 * tensor cores of GPUs; on a CPU, which lacks fast half arithmetic, it is emulated: weights and
 * inputs are rounded to half precision and computed in single, which shows the masks fp16 gives.
 * Only networks built in Java ({@code npz}) can be cast; DJL cannot cast a TorchScript module.
 */
public enum Precision {
  FP32,
  FP16;

  /**
   * @throws IllegalArgumentException naming the value
   */
  public static Precision parse(String text) {
    for (Precision p : values()) {
      if (p.toString().equals(text)) {
        return p;
      }
    }
    throw new IllegalArgumentException("precision \"" + text + "\" is not fp32 or fp16");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
