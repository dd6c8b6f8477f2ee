package org.slideseg.jobs.segment.cli;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.jobs.cli.Command;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.LocalFileSystemWithoutForks;
import org.slideseg.jobs.segment.RecordsKryoRegistrator;
import org.slideseg.jobs.segment.driver.RunSummary;
import org.slideseg.jobs.segment.driver.SegmentJob;
import org.slideseg.jobs.segment.driver.SegmentOptions;

/**
 * {@code slideseg segment}: parses options, checks a local model, runs the job on a SparkSession.
 */
public final class SegmentCommand implements Command {
  /** Exit code when the run finished but some slides failed. */
  public static final int SOME_SLIDES_FAILED = 3;

  @Override
  public Usage usage() {
    return new Usage(
        "segment", "segment slides with a U-Net model on Spark", SegmentOptions.OPTIONS);
  }

  @Override
  public int run(List<String> args) throws IOException, UsageException {
    SegmentOptions options = SegmentOptions.parse(args);
    checkLocalModel(options.inputs().model());
    SparkSession spark = session("slideseg segment", options.run().master());
    try {
      RunSummary summary = new SegmentJob(spark, options).run();
      return summary.failures().isEmpty() ? 0 : SOME_SLIDES_FAILED;
    } finally {
      spark.stop();
    }
  }

  /**
   * A local model is checked before Spark starts; remote ones once the session has their
   * credentials.
   */
  static void checkLocalModel(String model) throws UsageException {
    URI uri = new Path(model).toUri();
    if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
      try {
        new ModelDirectory(new Path(model).toUri()).readSpec(new Configuration());
      } catch (IOException | IllegalArgumentException e) {
        throw new UsageException("--model: " + e.getMessage());
      }
    }
  }

  /**
   * The session: spark-submit's master when there is one, else {@code master}, else local[*,4]:
   * local mode runs a task once unless told otherwise, and a storage error deserves the retries a
   * cluster gives it. The Spark UI stays off when running embedded, where nobody looks at it. In
   * local mode, {@code file://} is {@link LocalFileSystemWithoutForks}. Where a cluster's defaults
   * make Kryo the serializer, {@link RecordsKryoRegistrator} is added to the registrators given.
   */
  public static SparkSession session(String appName, String master) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    SparkConf given = new SparkConf();
    String chosen = master != null ? master : given.get("spark.master", "local[*,4]");
    if (master != null) {
      builder.master(master);
    } else if (!given.contains("spark.master")) {
      builder
          .master(chosen)
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8");
    }
    if (chosen.startsWith("local[")) {
      LocalFileSystemWithoutForks.useInThisJvm();
    }
    builder.config(RecordsKryoRegistrator.REGISTRATORS, RecordsKryoRegistrator.addedTo(given));
    return builder.getOrCreate();
  }
}
