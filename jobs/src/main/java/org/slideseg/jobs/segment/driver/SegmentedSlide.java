package org.slideseg.jobs.segment.driver;

import java.util.List;

/**
 * What the segment step did for one slide: the seconds its tasks took, the first error of its work
 * units (null when every window was segmented and its tiles written), and where its tasks ran.
 *
 * @param devices one entry per executor and device, as {@code executor 1: gpu:1 (assigned gpu 1)}
 */
record SegmentedSlide(String slideId, double seconds, String error, List<String> devices) {
  SegmentedSlide {
    devices = List.copyOf(devices);
  }
}
