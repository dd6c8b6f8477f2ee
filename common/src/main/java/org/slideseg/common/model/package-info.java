/**
 * Segmentation models: the {@code model.json} spec, TorchScript loading through DJL, and the one
 * translator that turns window pixels into tensors and logits into class labels.
 */
package org.slideseg.common.model;
