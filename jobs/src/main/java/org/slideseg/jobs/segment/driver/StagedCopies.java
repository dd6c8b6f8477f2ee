package org.slideseg.jobs.segment.driver;

import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.slide.SlideReaders;

/**
 * Removes, when a run ends, the local copies of remote vendor slides its tasks staged for OpenSlide
 * (one per executor JVM and slide version): a task per task slot, so every executor the scheduler
 * reaches removes its own, the driver's JVM too in local mode. Best effort: an executor it misses
 * removes its copies when it exits, and keeps them within their byte budget until then.
 */
final class StagedCopies {
  private static final Logger LOG = LoggerFactory.getLogger(StagedCopies.class);

  private StagedCopies() {}

  static void remove(SparkContext spark, String runId) {
    int slots = spark.defaultParallelism();
    spark.setJobDescription("slideseg " + runId + ": remove staged copies of remote slides");
    try {
      JavaSparkContext.fromSparkContext(spark)
          .parallelize(IntStream.range(0, slots).boxed().toList(), slots)
          .foreach(i -> SlideReaders.removeStagedCopies());
    } catch (RuntimeException e) {
      LOG.warn("run {}: staged copies of remote slides not all removed: {}", runId, e.toString());
    } finally {
      spark.setJobDescription(null);
    }
  }
}
