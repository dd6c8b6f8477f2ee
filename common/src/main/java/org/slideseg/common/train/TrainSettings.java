package org.slideseg.common.train;

import java.util.List;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelFormat;
import org.slideseg.common.model.ModelSpec;

/**
 * Everything a training run needs besides its images. Immutable.
 *
 * @param spec the model to train: architecture, inference window, normalisation, head, classes;
 *     written out with the weights, so {@code segment} runs the result unchanged
 * @param tile side of the training input window (the output is what the architecture makes of it)
 * @param stepsPerEpoch optimiser steps between validations; 0 for one pass over the training pixels
 *     ({@link #stepsPerEpochOver})
 * @param learningRate Adam's initial rate, decayed to 0 along a cosine over all steps
 * @param device where training runs
 */
public record TrainSettings(
    ModelSpec spec,
    int tile,
    int epochs,
    int stepsPerEpoch,
    int batch,
    double learningRate,
    Augmentation augmentation,
    long seed,
    ComputeDevice device,
    boolean tta) {

  public TrainSettings {
    if (spec.format() != ModelFormat.NPZ || spec.architecture() == null) {
      throw new IllegalArgumentException(
          spec.name() + ": training needs format \"npz\" and an \"architecture\" in model.json");
    }
    int out = spec.architecture().outputSize(tile);
    if (out <= 0) {
      throw new IllegalArgumentException(
          "training tile " + tile + " does not fit architecture " + spec.architecture().name());
    }
    if (epochs < 1 || stepsPerEpoch < 0 || batch < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException(
          "epochs, batch and learning rate must be positive, steps per epoch not negative");
    }
  }

  /**
   * Optimiser steps between validations when training on {@code train}: as given, or as many as one
   * pass over its pixels takes in the windows' labelled centres.
   */
  public int stepsPerEpochOver(List<LabelledImage> train) {
    if (stepsPerEpoch > 0) {
      return stepsPerEpoch;
    }
    long pixels = train.stream().mapToLong(i -> (long) i.width() * i.height()).sum();
    long out = outputTile();
    return (int) Math.max(1, Math.ceil((double) pixels / (batch * out * out)));
  }

  /** Side of the labelled output of a training window. */
  public int outputTile() {
    return spec.architecture().outputSize(tile);
  }
}
