/**
 * The U-Net family built in Java with DJL's Block API: one block per architecture of the seed
 * papers, chosen by {@link org.slideseg.common.unet.Architecture}, with weights read from and
 * written to {@code .npz} files named as PyTorch names them.
 */
package org.slideseg.common.unet;
