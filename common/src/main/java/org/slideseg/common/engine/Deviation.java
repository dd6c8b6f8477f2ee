package org.slideseg.common.engine;

/**
 * How far one float32 result of the engine is from the float64 reference: the largest difference as
 * a fraction of the reference's range, so that it reads the same for any scale of data.
 *
 * @param convolution the shape that was run
 * @param quantity what was compared: the output or one of the gradients
 * @param relative the largest |engine - reference| over the reference's max - min
 */
public record Deviation(ConvolutionCase convolution, String quantity, double relative) {
  /**
   * The most a right float32 convolution deviates here is about 1e-6 of the range (a few hundred
   * products summed); the kernels this guards against are off by 1e-2 and more.
   */
  public static final double TOLERANCE = 1e-4;

  public boolean wrong() {
    return !(relative <= TOLERANCE); // NaN is wrong
  }

  /** The larger of two deviations, the first on ties. */
  public Deviation max(Deviation other) {
    return other.relative > relative || Double.isNaN(other.relative) ? other : this;
  }

  @Override
  public String toString() {
    return String.format(
        "%s: %s off by %.3g %% of its range", convolution, quantity, 100 * relative);
  }
}
