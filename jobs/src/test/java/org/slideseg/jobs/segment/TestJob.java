package org.slideseg.jobs.segment;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slideseg.jobs.segment.driver.RunSummary;
import org.slideseg.jobs.segment.driver.SegmentJob;
import org.slideseg.jobs.segment.driver.SegmentOptions;

/** Runs the segment job on a session as its command line would, from the options every run has. */
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
}
