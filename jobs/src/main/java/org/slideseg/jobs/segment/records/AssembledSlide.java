package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import java.util.List;

/**
 * The outcome of assembling one slide's mask: where it went and its class counts, or why it failed.
 *
 * @param maskUri the mask TIFF; null where the run writes none (--mask-format ome-zarr) or it
 *     failed
 * @param labelsUri the OME-Zarr label image; null where the run writes none or it failed
 * @param probabilityUris each class's probability TIFF, class 0 first; null without --probabilities
 * @param classRegions regions per class; null without --polygons
 */
public record AssembledSlide(
    String slideId,
    String maskUri,
    String labelsUri,
    List<String> probabilityUris,
    long[] classPixels,
    long[] classRegions,
    int tiles,
    double seconds,
    String error)
    implements Serializable {}
