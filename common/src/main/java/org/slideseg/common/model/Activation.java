package org.slideseg.common.model;

/** How the network's output becomes class labels. */
public enum Activation {
  /** Multi-class: one output channel per class; the label is the argmax. */
  SOFTMAX,
  /** Binary: one output channel; label 1 where sigmoid(logit) > 0.5, that is where logit > 0. */
  SIGMOID
}
