package org.slideseg.common.segment;

/**
 * Where a {@link WindowSegmenter} reports what its time went to, so that a benchmark can tell the
 * model from what surrounds it. Implementations must be thread-safe: windows are read on one thread
 * while the model runs on another.
 */
public interface SegmentTimes {
  /** Reports nothing. */
  SegmentTimes NONE = call -> {};

  void add(CallTimes call);

  /**
   * Nanoseconds of reading windows (fetch, decode, mirror-pad), reported by each read with the
   * other three 0, and of a model call's input tensor, forward pass and logits to cropped label
   * tiles, reported by each call with {@code read} 0.
   */
  record CallTimes(long read, long preprocess, long inference, long postprocess) {}
}
