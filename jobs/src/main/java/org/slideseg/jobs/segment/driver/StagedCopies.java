package org.slideseg.jobs.segment.driver;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.records.SlideRef;

/**
 * Removes, when a run ends, the local copies of remote vendor slides its tasks staged for OpenSlide
 * (one per executor JVM and slide version): a task per task slot, so every executor the scheduler
 * reaches removes its own, the driver's JVM too in local mode. Best effort: an executor it misses
 * removes its copies when it exits, and keeps them within their byte budget until then. A run whose
 * slides are all on local disk staged nothing, and starts no job.
 */
final class StagedCopies {
  private static final Logger LOG = LoggerFactory.getLogger(StagedCopies.class);

  private StagedCopies() {}

  static void remove(SparkContext spark, String runId, List<SlideRef> slides) {
    if (slides.stream().allMatch(s -> "file".equals(s.uri().getScheme()))) {
      return; // only files off local disk are staged (LocalSlideFile)
    }
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
