package org.slideseg.jobs.segment;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.driver.RunSummary;
import org.slideseg.jobs.segment.driver.SegmentJob;
import org.slideseg.jobs.segment.driver.SegmentOptions;

/**
 * Runs the segment job on a session as its command line would, from the options every run has, and
 * reads back what a run wrote.
 */
public final class TestJob {
  private TestJob() {}

  public static RunSummary run(
      SparkSession spark, String input, Object model, Object out, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("--input", input, "--model", model.toString(), "--out", out.toString()));
    args.addAll(List.of(more));
    return new SegmentJob(spark, SegmentOptions.parse(args)).run();
  }

  /** The slides table under {@code out}, by the file name of each slide's URI. */
  public static Map<String, Row> slidesByFileName(SparkSession spark, String out) {
    return spark.read().parquet(out + "/slides").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("uri").replaceAll(".*/", ""), r -> r));
  }

  /** The class labels of level 0 of the mask at {@code maskUri}. */
  public static byte[] maskLabels(SparkSession spark, String maskUri) throws IOException {
    var conf = spark.sparkContext().hadoopConfiguration();
    try (SlideReader mask = SlideReaders.openLabels(URI.create(maskUri), conf)) {
      var level = mask.pyramid().level(0);
      return mask.readRegion(RegionRequest.of(0, 0, 0, level.width(), level.height())).pixels();
    }
  }
}
