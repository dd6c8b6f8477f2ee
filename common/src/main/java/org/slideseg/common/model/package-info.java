/**
 * Segmentation models: the {@code model.json} spec and its one JSON reader, the device a model runs
 * on, loading TorchScript or Java-built U-Nets through DJL, and the one translator that turns
 * window pixels into tensors and logits into class labels.
 */
package org.slideseg.common.model;
