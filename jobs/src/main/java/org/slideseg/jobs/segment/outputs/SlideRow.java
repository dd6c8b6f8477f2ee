package org.slideseg.jobs.segment.outputs;

import java.util.List;
import java.util.stream.LongStream;

/**
 * One slide's row of the {@code slides/} table: what the run made of it, typed. Its status, class
 * fractions and class areas are derived, never stored twice.
 *
 * @param level the segmented level; null where the slide could not be read
 * @param mpp microns per pixel of the segmented level; null where the slide does not declare it
 * @param classes per-class counts; null where no mask was made
 * @param error why the slide failed; null when it is OK
 * @param maskUri the mask TIFF; null where none was made
 * @param labelsUri the OME-Zarr label image; null where none was made
 * @param probabilityUris each class's probability pyramid; null without --probabilities
 * @param runId the run that made the slide's outputs: this one, or the earlier one reused
 * @param devices where this run segmented it; empty when reused or failed before segmenting
 */
public record SlideRow(
    String slideId,
    String uri,
    Level level,
    Double mpp,
    String model,
    int tilesTotal,
    int tilesSkipped,
    Classes classes,
    double seconds,
    String error,
    String maskUri,
    String labelsUri,
    List<String> probabilityUris,
    String runId,
    List<String> devices) {

  public static final String OK = "OK";
  public static final String FAILED = "FAILED";

  public SlideRow {
    probabilityUris = probabilityUris == null ? null : List.copyOf(probabilityUris);
    devices = List.copyOf(devices);
  }

  /** The level a slide was segmented at, in that level's pixels. */
  public record Level(int width, int height, int index, double downsample) {}

  /**
   * @param pixels each class's pixel count
   * @param regions each class's region count; null without --polygons
   */
  public record Classes(long[] pixels, long[] regions) {

    /** Each class's share of the mask's pixels; 0 each for an empty mask. */
    public double[] fractions() {
      long total = LongStream.of(pixels).sum();
      return LongStream.of(pixels)
          .mapToDouble(p -> total == 0 ? 0.0 : (double) p / total)
          .toArray();
    }

    /** Each class's area in square microns, at {@code mpp} microns per pixel. */
    public double[] areasUm2(double mpp) {
      return LongStream.of(pixels).mapToDouble(p -> p * mpp * mpp).toArray();
    }
  }

  public boolean ok() {
    return error == null;
  }

  public String status() {
    return ok() ? OK : FAILED;
  }
}
