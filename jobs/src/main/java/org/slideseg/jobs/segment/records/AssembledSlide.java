package org.slideseg.jobs.segment.records;

import java.io.Serializable;

/**
 * The outcome of assembling one slide's mask: where it went and its class counts, or why it failed.
 *
 * @param classRegions regions per class; null without --polygons
 */
public record AssembledSlide(
    String slideId,
    String maskUri,
    long[] classPixels,
    long[] classRegions,
    int tiles,
    double seconds,
    String error)
    implements Serializable {}
