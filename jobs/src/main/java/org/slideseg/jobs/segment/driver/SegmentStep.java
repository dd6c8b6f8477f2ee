package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slideseg.jobs.segment.executor.SegmentWindows;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.outputs.TilesTable;
import org.slideseg.jobs.segment.records.SegmentedSlide;
import org.slideseg.jobs.segment.records.TaskSettings;

/**
 * The segment step: runs the work plan's units as tasks, sums their rows by slide, and writes the
 * tiles of every slide whose windows all succeeded; a slide's tiles are all written or none.
 * Inference runs once per window: the rows are persisted while their sums are made and written.
 */
final class SegmentStep {
  private final SparkSession spark;
  private final TaskSettings settings;
  private final TaskMeters meters;
  private final StepClock clock;

  SegmentStep(SparkSession spark, TaskSettings settings, TaskMeters meters, StepClock clock) {
    this.spark = spark;
    this.settings = settings;
    this.meters = meters;
    this.clock = clock;
  }

  /** Each slide's part of the step, by id. */
  Map<String, SegmentedSlide> run(WorkPlan plan, TilesTable tiles) throws IOException {
    if (plan.units().isEmpty()) {
      return Map.of();
    }
    // The rows are kept as they are, not as a DataFrame cache: Spark SQL's cache builds
    // compressed column batches of every tile's PNG, a quarter of a no-op run's CPU time. On local
    // disk only, so that the heap does not grow with the slide (README, Performance).
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(plan.units(), plan.units().size())
            .flatMap(new SegmentWindows(settings, meters))
            .persist(StorageLevel.DISK_ONLY());
    try {
      Map<String, SegmentedSlide> out =
          clock.job(
              "segment",
              String.format(
                  "segment %d slide(s), %,d windows",
                  plan.totals().slides(), plan.totals().windows()),
              () -> segmentedSlides(rows));
      List<String> failed =
          out.values().stream()
              .filter(s -> s.error() != null)
              .map(SegmentedSlide::slideId)
              .toList();
      long bytes = out.values().stream().mapToLong(SegmentedSlide::tileBytes).sum();
      int files =
          TilesTable.files(
              bytes, spark.sparkContext().defaultParallelism(), rows.getNumPartitions());
      clock.job(
          "write tiles",
          "write the tiles of " + (out.size() - failed.size()) + " slide(s)",
          () -> {
            tiles.write(spark, rows, files, failed);
            return null;
          });
      return out;
    } finally {
      rows.unpersist(false);
    }
  }

  /**
   * Each slide's part of the segment step, in the stage that segments: each task sums its rows by
   * slide and the driver merges the tasks' sums. A reduceByKey shuffled them into as many tasks
   * again as the segment step had (29 on the 16k bench slide, thousands on a large run) for one
   * record per slide.
   */
  private static Map<String, SegmentedSlide> segmentedSlides(JavaRDD<Row> rows) {
    return rows.aggregate(new HashMap<>(), SegmentStep::withRow, SegmentStep::together);
  }

  private static HashMap<String, SegmentedSlide> withRow(
      HashMap<String, SegmentedSlide> sums, Row row) {
    SegmentedSlide part = SegmentedSlide.of(row);
    sums.merge(part.slideId(), part, SegmentedSlide::plus);
    return sums;
  }

  private static HashMap<String, SegmentedSlide> together(
      HashMap<String, SegmentedSlide> sums, HashMap<String, SegmentedSlide> more) {
    more.values().forEach(part -> sums.merge(part.slideId(), part, SegmentedSlide::plus));
    return sums;
  }
}
