package org.slideseg.common.mask;

/** How a 2 x 2 block becomes one pixel of the next pyramid level. */
public enum Resampling {
  /**
   * The top-left pixel: class labels must not be averaged into labels that were never predicted.
   */
  NEAREST,
  /** The rounded mean of the block's pixels inside the image: for photographs. */
  MEAN
}
