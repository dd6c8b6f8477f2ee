package org.slideseg.common.slide;

/** How a slide stores its samples. */
enum SampleType {
  UINT8(255),
  UINT16(65535),
  FLOAT32(1);

  private final double fullRange;

  SampleType(double fullRange) {
    this.fullRange = fullRange;
  }

  /** The largest value of the type's nominal range (floats: 0-1). */
  double fullRange() {
    return fullRange;
  }
}
