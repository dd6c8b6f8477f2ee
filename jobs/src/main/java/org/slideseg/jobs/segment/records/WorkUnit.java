package org.slideseg.jobs.segment.records;

import java.io.Serializable;

/**
 * The windows one Spark task segments: a contiguous run, in raster order, of one slide's tile plan.
 *
 * @param firstWindow inclusive
 * @param endWindow exclusive
 */
public record WorkUnit(InspectedSlide slide, int firstWindow, int endWindow)
    implements Serializable {}
