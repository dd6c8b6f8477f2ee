package org.slideseg.jobs.segment.outputs;

import java.io.IOException;
import org.apache.hadoop.fs.Path;

/** The one way a lake table's Spark write reports a failure. */
final class TableWrites {
  private TableWrites() {}

  /**
   * Runs a table write, naming the table and the underlying cause if it fails: Spark wraps a
   * storage error in layers whose messages say nothing (a full disk at commit surfaces as
   * "ExecutionException: Boxed Exception").
   */
  static void naming(Path table, Runnable write) throws IOException {
    try {
      write.run();
    } catch (Exception e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      throw new IOException(
          "writing "
              + table
              + " failed: "
              + cause.getClass().getSimpleName()
              + ": "
              + cause.getMessage(),
          e);
    }
  }
}
