package org.slideseg.common.train;

/**
 * One augmented training sample: the network's input window (normalised, channels first) and the
 * classes and loss weights of the centred output it is trained to predict.
 */
record TrainingWindow(float[] input, float[] classes, float[] weights) {}
