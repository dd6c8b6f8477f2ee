package org.slideseg.common.model;

import java.util.Arrays;
import org.slideseg.common.slide.SampleWindow;

/**
 * Per-channel input normalisation: {@code (pixel * scale - mean[c]) / std[c]}, pixel in 0-255. A
 * single mean or std applies to every channel. The slide's samples become those 0-255 pixels
 * through {@code samples} (16-bit and float slides, or per-slide percentiles), in every reader of
 * the model's slides.
 */
public record Normalization(double scale, double[] mean, double[] std, SampleWindow samples)
    implements java.io.Serializable {

  /** Without a sample window: samples as stored ({@link SampleWindow#FULL_RANGE}). */
  public Normalization(double scale, double[] mean, double[] std) {
    this(scale, mean, std, SampleWindow.FULL_RANGE);
  }

  public Normalization {
    mean = mean.clone();
    std = std.clone();
    if (Arrays.stream(std).anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException(
          "normalize.std " + Arrays.toString(std) + " must be positive");
    }
  }

  public double mean(int channel) {
    return mean[mean.length == 1 ? 0 : channel];
  }

  public double std(int channel) {
    return std[std.length == 1 ? 0 : channel];
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }
}
