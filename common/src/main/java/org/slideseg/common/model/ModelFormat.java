package org.slideseg.common.model;

import java.util.Arrays;
import java.util.Locale;

/** How a model's weights are stored: the {@code "format"} field of {@code model.json}. */
public enum ModelFormat {
  /** A TorchScript module, which carries its own network. */
  TORCHSCRIPT,
  /** NumPy {@code .npz} weights, named as in PyTorch, for the architecture built in Java. */
  NPZ;

  /** As written in model.json: {@code torchscript}, {@code npz}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the value and the known formats
   */
  public static ModelFormat parse(String value) {
    for (ModelFormat f : values()) {
      if (f.jsonName().equals(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "format \""
            + value
            + "\" is not one of "
            + Arrays.stream(values()).map(ModelFormat::jsonName).toList());
  }
}
