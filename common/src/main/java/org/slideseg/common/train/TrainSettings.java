package org.slideseg.common.train;

import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelFormat;
import org.slideseg.common.model.ModelSpec;

/**
 * Everything a training run needs besides its images. Immutable.
 *
 * @param spec the model to train: architecture, inference window, normalisation, head, classes;
 *     written out with the weights, so {@code segment} runs the result unchanged
 * @param tile side of the training input window (the output is what the architecture makes of it)
 * @param stepsPerEpoch optimiser steps between validations
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
    if (epochs < 1 || stepsPerEpoch < 1 || batch < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException(
          "epochs, steps per epoch, batch and learning rate must be positive");
    }
  }

  /** Side of the labelled output of a training window. */
  public int outputTile() {
    return spec.architecture().outputSize(tile);
  }
}
