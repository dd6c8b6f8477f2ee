package org.slideseg.common.model;

/**
 * What a predictor computes besides the labels.
 *
 * @param probabilities each class's probability too, quantised to a byte (255 = 1.0)
 * @param tta test-time augmentation: every window also runs mirrored left-right, top-bottom and
 *     both, in the same model call, and the four outputs, mirrored back, are averaged as
 *     probabilities before the labels are taken
 */
public record PredictionMode(boolean probabilities, boolean tta) implements java.io.Serializable {
  public static final PredictionMode LABELS = new PredictionMode(false, false);
}
