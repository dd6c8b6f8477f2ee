package org.slideseg.common.slide;

/** How a slide stores its samples. */
enum SampleType {
  UINT8(255, 1),
  UINT16(65535, 2),
  FLOAT32(1, 4);

  private final double fullRange;
  private final int bytes;

  SampleType(double fullRange, int bytes) {
    this.fullRange = fullRange;
    this.bytes = bytes;
  }

  /** Bytes a sample takes. */
  int bytes() {
    return bytes;
  }

  /** The largest value of the type's nominal range (floats: 0-1). */
  double fullRange() {
    return fullRange;
  }
}
