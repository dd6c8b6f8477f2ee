package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.slideseg.jobs.segment.executor.TaskMeters;

/**
 * Seconds of each step of a run, in the order the steps ran: wall time measured on the driver
 * around the Spark jobs of a step, and task time summed over tasks, which the manifest and {@code
 * bench} report. Names each step's Spark jobs, so that the UI and the event log say which step of
 * which run each job is. Not thread-safe.
 */
final class StepClock {
  /** One step's work. */
  interface Step<T> {
    T run() throws IOException;
  }

  /** How {@link #seconds} names a task stage's time: this, then its label. */
  private static final String TASKS = "tasks: ";

  private final SparkContext spark;
  private final String runId;
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final Map<TaskMeters.Stage, Double> taskSeconds = new EnumMap<>(TaskMeters.Stage.class);

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

  /** Adds each task stage's seconds, summed over tasks by accumulators. */
  void addTasks(Map<TaskMeters.Stage, Double> stages) {
    stages.forEach((stage, more) -> taskSeconds.merge(stage, more, Double::sum));
  }

  /** Each step's wall seconds, then each task stage's as {@code "tasks: <label>"}. */
  Map<String, Double> seconds() {
    Map<String, Double> out = new LinkedHashMap<>(seconds);
    taskSeconds.forEach((stage, s) -> out.put(TASKS + stage.label(), s));
    return Collections.unmodifiableMap(out);
  }

  Map<TaskMeters.Stage, Double> taskSeconds() {
    return Collections.unmodifiableMap(new EnumMap<>(taskSeconds));
  }
}
