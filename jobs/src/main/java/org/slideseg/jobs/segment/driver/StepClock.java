package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seconds of each step of a run, in the order the steps ran: wall time measured on the driver
 * around the Spark jobs of a step, and task time summed over tasks (names starting {@code "tasks:
 * "}), which the manifest and {@code bench} report. Not thread-safe.
 */
final class StepClock {
  /** One step's work. */
  interface Step<T> {
    T run() throws IOException;
  }

  private final Map<String, Double> seconds = new LinkedHashMap<>();

  <T> T time(String step, Step<T> work) throws IOException {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      seconds.merge(step, (System.nanoTime() - start) / 1e9, Double::sum);
    }
  }

  /** Adds seconds measured elsewhere, such as task time summed by accumulators. */
  void add(String step, double more) {
    seconds.merge(step, more, Double::sum);
  }

  Map<String, Double> seconds() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }
}
