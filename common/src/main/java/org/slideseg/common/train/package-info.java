/**
 * Training of the U-Net family with DJL's training API: labelled images and their loss weights,
 * augmented window sampling, the pixel-wise loss, per-epoch validation and the training loop that
 * writes weights and a {@code model.json} that segmentation runs unchanged.
 */
package org.slideseg.common.train;
