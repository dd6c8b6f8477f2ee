package org.slideseg.jobs.segment.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.jobs.segment.executor.SlideInspector;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.SerializableConfiguration;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.TaskFailures;
import org.slideseg.jobs.segment.records.TaskSettings;

/** The inspect step: one task per slide opens it, chooses the level and maps its tissue. */
final class InspectStep {
  private InspectStep() {}

  /** The slides inspected, OK or with their errors, by id in the order of {@code refs}. */
  static Map<String, InspectedSlide> run(
      SparkSession spark, List<SlideRef> refs, SegmentOptions options, TaskSettings settings) {
    if (refs.isEmpty()) {
      return Map.of();
    }
    int level = options.inputs().level();
    double minTissue = options.inputs().minTissue();
    ModelSpec spec = settings.spec();
    TaskFailures failures = settings.run().failures();
    int timeout = settings.run().taskTimeout();
    SerializableConfiguration hadoop = settings.hadoop();
    return byId(
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(refs, refs.size())
            .map(
                ref ->
                    SlideInspector.inspect(
                        ref, level, spec, minTissue, failures, timeout, hadoop.get()))
            .collect());
  }

  static Map<String, InspectedSlide> byId(List<InspectedSlide> slides) {
    Map<String, InspectedSlide> out = new LinkedHashMap<>();
    slides.forEach(s -> out.put(s.slide().slideId(), s));
    return out;
  }
}
