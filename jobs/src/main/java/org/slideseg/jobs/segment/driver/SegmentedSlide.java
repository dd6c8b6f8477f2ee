package org.slideseg.jobs.segment.driver;

/**
 * What the segment step did for one slide: the seconds its tasks took, and the first error of its
 * work units, or null when every window was segmented and its tiles written.
 */
record SegmentedSlide(String slideId, double seconds, String error) {}
