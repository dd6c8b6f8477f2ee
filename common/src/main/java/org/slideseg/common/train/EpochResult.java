package org.slideseg.common.train;

/**
 * One epoch's figures, for the progress display and {@code training.json}.
 *
 * @param loss mean training loss over the epoch's steps
 * @param seconds wall time since training started
 */
public record EpochResult(int epoch, double loss, ValidationScore validation, double seconds) {}
