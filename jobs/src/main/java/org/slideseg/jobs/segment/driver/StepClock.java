package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;

/**
 * Wall seconds of each step of a run on the driver, around the Spark jobs of a step, in the order
 * the steps ran. Names each step's Spark jobs, so that the UI and the event log say which step of
 * which run each job is. Not thread-safe.
 */
final class StepClock {
  /** One step's work. */
  interface Step<T> {
    T run() throws IOException;
  }

  private final SparkContext spark;
  private final String runId;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  StepClock(SparkContext spark, String runId) {
    this.spark = spark;
    this.runId = runId;
  }

  /** Runs and times a step that starts no Spark job. */
  <T> T time(String step, Step<T> work) throws IOException {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      seconds.merge(step, (System.nanoTime() - start) / 1e9, Double::sum);
    }
  }

  /** Runs and times a step whose Spark jobs the UI shows as {@code description}. */
  <T> T job(String step, String description, Step<T> work) throws IOException {
    spark.setJobDescription("slideseg " + runId + ": " + description);
    try {
      return time(step, work);
    } finally {
      spark.setJobDescription(null);
    }
  }

  /** Each step's wall seconds, in the order the steps ran. */
  Map<String, Double> seconds() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }
}
