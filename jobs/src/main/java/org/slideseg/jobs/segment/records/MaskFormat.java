package org.slideseg.jobs.segment.records;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which files a slide's mask is written as (--mask-format). */
public enum MaskFormat {
  /** A pyramidal TIFF, masks/<id>.tif. */
  TIFF("tiff"),
  /** An OME-Zarr label image, masks/<id>.ome.zarr/labels/<model>. */
  OME_ZARR("ome-zarr"),
  BOTH("both");

  private final String option;

  MaskFormat(String option) {
    this.option = option;
  }

  public boolean tiff() {
    return this != OME_ZARR;
  }

  public boolean zarr() {
    return this != TIFF;
  }

  /** The format an option value names. */
  public static MaskFormat parse(String value) {
    for (MaskFormat f : values()) {
      if (f.option.equals(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "\""
            + value
            + "\" is not one of "
            + Arrays.stream(values()).map(f -> f.option).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return option;
  }
}
