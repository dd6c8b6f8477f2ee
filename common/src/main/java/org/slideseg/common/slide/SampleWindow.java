package org.slideseg.common.slide;

import java.io.Serializable;

/**
 * Which sample values of a slide become the 8-bit range (0-255) that models read, declared by a
 * model ({@code normalize.samples} in model.json) and applied by every reader of its slides, in
 * training, validation and segmentation alike. Values outside the window clip.
 *
 * <ul>
 *   <li>{@link Kind#FULL_RANGE}, the default: 8-bit samples as they are, 16-bit ones from 0-65535,
 *       floats from 0-1.
 *   <li>{@link Kind#FIXED}: 16-bit and float samples from {@code low}-{@code high} (a 12-bit
 *       camera: 0-4095); 8-bit samples as they are.
 *   <li>{@link Kind#PERCENTILES}: every slide from its own {@code low}th to {@code high}th
 *       percentile, measured on patches spread over level 0 ({@link SampleMap}), whatever its
 *       sample type: the same picture stored as 8 or 16 bits maps alike.
 * </ul>
 *
 * <p>A reader resolves percentiles once, on open ({@link SlideReader#window}); other readers of the
 * same slide are then given the {@link Kind#MEASURED} window, so that every task maps alike without
 * measuring again.
 */
public record SampleWindow(Kind kind, double low, double high) implements Serializable {
  public enum Kind {
    FULL_RANGE,
    FIXED,
    PERCENTILES,
    /** Percentiles as measured on one slide: its {@code low}-{@code high}, whatever its type. */
    MEASURED
  }

  public static final SampleWindow FULL_RANGE = new SampleWindow(Kind.FULL_RANGE, 0, 0);

  public SampleWindow {
    boolean ordered = kind == Kind.FULL_RANGE || low < high;
    boolean percent = kind != Kind.PERCENTILES || (low >= 0 && high <= 100);
    if (!ordered || !percent || Double.isNaN(low) || Double.isNaN(high)) {
      throw new IllegalArgumentException(
          "sample window "
              + kind.name().toLowerCase()
              + " ["
              + low
              + ", "
              + high
              + "] needs low < high"
              + (kind == Kind.PERCENTILES ? ", within 0-100" : ""));
    }
  }

  public static SampleWindow fixed(double low, double high) {
    return new SampleWindow(Kind.FIXED, low, high);
  }

  public static SampleWindow percentiles(double low, double high) {
    return new SampleWindow(Kind.PERCENTILES, low, high);
  }

  public static SampleWindow measured(double low, double high) {
    return new SampleWindow(Kind.MEASURED, low, high);
  }
}
