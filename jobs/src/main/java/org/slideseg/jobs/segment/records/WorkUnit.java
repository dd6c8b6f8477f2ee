package org.slideseg.jobs.segment.records;

import java.io.Serializable;

/**
 * The windows one Spark task segments: a contiguous run of one slide's tile plan (a compact block
 * of windows, see {@link org.slideseg.common.tiling.TilePlan}).
 *
 * @param firstWindow inclusive
 * @param endWindow exclusive
 */
public record WorkUnit(InspectedSlide slide, int firstWindow, int endWindow)
    implements Serializable {}
