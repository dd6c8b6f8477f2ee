package org.slideseg.common.segment;

/**
 * Where a {@link WindowSegmenter} reports how long each model call's windows took to read (and
 * decode, and mirror-pad) and how long the call itself took (tensors in, model, labels out), so
 * that a benchmark can tell the model from what surrounds it. Implementations must be thread-safe.
 */
public interface SegmentTimes {
  /** Reports nothing. */
  SegmentTimes NONE = (readNanos, modelNanos) -> {};

  void add(long readNanos, long modelNanos);
}
