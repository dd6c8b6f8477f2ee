package org.slideseg.jobs.segment.records;

import java.io.IOException;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.slideseg.common.slide.SlideFormatException;

/**
 * Decides, inside a task, whether an exception is the slide's own defect or a failure of this
 * attempt. A defect (a {@link SlideFormatException}, or any unchecked exception from decoding or
 * the model) fails the slide alone: retrying cannot help. Other {@link IOException}s (storage and
 * network) fail the task attempt, so Spark retries it like any task, until the last attempt, where
 * the slide fails with the reason instead of the whole run.
 *
 * @param attempts how many times Spark runs a task before giving up ({@link #of})
 */
public record TaskFailures(int attempts) implements Serializable {
  private static final Pattern LOCAL = Pattern.compile("local(\\[[^,\\]]+(?:,\\s*(\\d+))?])?");

  /** The attempts the scheduler of {@code master} gives a task: local mode counts its own. */
  public static TaskFailures of(String master, SparkConf conf) {
    Matcher local = LOCAL.matcher(master);
    if (local.matches()) {
      return new TaskFailures(local.group(2) == null ? 1 : Integer.parseInt(local.group(2)));
    }
    return new TaskFailures(conf.getInt("spark.task.maxFailures", 4));
  }

  /**
   * The reason the slide fails because of {@code e}, where {@code what} says what was being done.
   *
   * @throws IOException {@code e} itself, when Spark should run the task again
   */
  public String slideFailure(String what, Exception e) throws IOException {
    if (e instanceof IOException io && !(e instanceof SlideFormatException)) {
      TaskContext task = TaskContext.get();
      int attempt = task == null ? attempts - 1 : task.attemptNumber();
      if (attempt + 1 < attempts) {
        throw io;
      }
      return what + ": " + message(e) + (attempts > 1 ? " (on all " + attempts + " attempts)" : "");
    }
    return what + ": " + message(e);
  }

  public static String message(Throwable e) {
    String m = e.getMessage();
    return e instanceof SlideFormatException
        ? m
        : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
