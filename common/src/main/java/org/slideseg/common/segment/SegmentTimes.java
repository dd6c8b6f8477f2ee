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
   * One model call's nanoseconds: reading its windows (fetch, decode, mirror-pad), making the input
   * tensor, the network's forward pass, and turning logits into cropped label tiles.
   */
  record CallTimes(long read, long preprocess, long inference, long postprocess) {}
}
