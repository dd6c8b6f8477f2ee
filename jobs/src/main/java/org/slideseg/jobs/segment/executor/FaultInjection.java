package org.slideseg.jobs.segment.executor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;

/**
 * Test-only faults, off unless the Hadoop setting {@value #KEY} (from {@code
 * spark.hadoop.slideseg.test.fail-once}) names a step: then every task of that step fails its first
 * attempt after part of its output is out, as a task does whose executor dies mid-way. Tests use it
 * to prove that a retried task changes no byte of the outputs.
 */
public enum FaultInjection {
  /** A segment task fails after emitting half its tile rows. */
  SEGMENT,
  /** An assemble task fails after publishing its first mask. */
  ASSEMBLE;

  public static final String KEY = "slideseg.test.fail-once";

  private boolean active(Configuration conf) {
    TaskContext task = TaskContext.get();
    return name().equalsIgnoreCase(conf.get(KEY, "")) && task != null && task.attemptNumber() == 0;
  }

  /** Throws now, in the first attempt, if this fault is on. */
  public void failNow(Configuration conf) throws IOException {
    if (active(conf)) {
      throw new IOException("injected " + this + " fault (" + KEY + ")");
    }
  }

  /** {@code rows}, of which the first attempt delivers half and then fails, if this fault is on. */
  public <T> Iterator<T> failHalfway(List<T> rows, Configuration conf) {
    if (!active(conf)) {
      return rows.iterator();
    }
    Iterator<T> half = rows.subList(0, rows.size() / 2).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (!half.hasNext()) {
          throw new UncheckedIOException(
              new IOException("injected " + FaultInjection.this + " fault (" + KEY + ")"));
        }
        return true;
      }

      @Override
      public T next() {
        return half.next();
      }
    };
  }
}
