package org.slideseg.jobs.segment.records;

import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * What the segment step did for one slide: the seconds its tasks took, an error of its work units
 * (the greatest; null when every window was segmented), where its tasks ran and how many bytes its
 * tiles' PNGs take. Summed from the slide's tile rows, one {@link #of} each, by {@link #plus}.
 *
 * @param error the greatest of its work units' errors, so that the sum does not depend on order
 * @param devices sorted, one entry per executor and device, as {@code executor 1: gpu:1 (assigned
 *     gpu 1)}
 */
public record SegmentedSlide(
    String slideId, double seconds, String error, List<String> devices, long tileBytes)
    implements java.io.Serializable {
  public SegmentedSlide {
    devices = List.copyOf(devices);
  }

  /** One tile or error row's part: only a work unit's last row carries seconds and device. */
  public static SegmentedSlide of(Row row) {
    Double seconds = TileRows.value(row, TileRows.SECONDS);
    String device = TileRows.value(row, TileRows.DEVICE);
    return new SegmentedSlide(
        TileRows.value(row, TileRows.SLIDE_ID),
        seconds == null ? 0 : seconds,
        TileRows.value(row, TileRows.ERROR),
        device == null ? List.of() : List.of(device),
        length(TileRows.value(row, TileRows.MASK))
            + length(TileRows.value(row, TileRows.PROBABILITIES)));
  }

  private static long length(byte[] png) {
    return png == null ? 0 : png.length;
  }

  /** Both parts of the same slide together. */
  public SegmentedSlide plus(SegmentedSlide other) {
    String greater =
        error == null || (other.error != null && other.error.compareTo(error) > 0)
            ? other.error
            : error;
    var union = new TreeSet<>(devices);
    union.addAll(other.devices);
    return new SegmentedSlide(
        slideId, seconds + other.seconds, greater, List.copyOf(union), tileBytes + other.tileBytes);
  }
}
