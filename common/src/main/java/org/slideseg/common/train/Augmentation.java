package org.slideseg.common.train;

/**
 * How training windows are varied: a random 90-degree rotation and mirror flip always; the U-Net
 * paper's elastic deformation (random displacements on a coarse 3 x 3 grid, {@code elasticSigma}
 * pixels standard deviation, bicubic interpolation) with probability {@code elasticProbability};
 * and a random brightness and contrast change within {@code intensity} (0.15 is +-15 % contrast,
 * +-8 % brightness).
 */
public record Augmentation(double elasticProbability, double elasticSigma, double intensity) {
  public static final Augmentation NONE = new Augmentation(0, 0, 0);

  public Augmentation {
    if (elasticProbability < 0 || elasticProbability > 1) {
      throw new IllegalArgumentException(
          "elastic probability " + elasticProbability + " must be in [0, 1]");
    }
    if (elasticSigma < 0 || intensity < 0 || intensity >= 1) {
      throw new IllegalArgumentException(
          "elastic sigma " + elasticSigma + " and intensity " + intensity + " must be >= 0 (< 1)");
    }
  }
}
