package org.slideseg.jobs.segment.records;

import java.io.IOException;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.slideseg.common.engine.EngineDefectException;
import org.slideseg.common.slide.SlideFormatException;

/**
 * Decides, inside a task, whether an exception is the slide's own defect or a failure of this
 * attempt. A defect (a {@link SlideFormatException}, or any unchecked exception from decoding or
 * the model) fails the slide alone: retrying cannot help. Other {@link IOException}s (storage and
 * network) and an executor whose engine computes wrong ({@link EngineDefectException}) fail the
 * task attempt, so Spark retries it like any task, perhaps elsewhere, until the last attempt, where
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
   * @throws EngineDefectException {@code e} itself, likewise
   */
  public String slideFailure(String what, Exception e) throws IOException {
    boolean ofThisAttempt =
        e instanceof IOException && !(e instanceof SlideFormatException)
            || e instanceof EngineDefectException;
    if (ofThisAttempt) {
      TaskContext task = TaskContext.get();
      int attempt = task == null ? attempts - 1 : task.attemptNumber();
      if (attempt + 1 < attempts) {
        if (e instanceof IOException io) {
          throw io;
        }
        throw (EngineDefectException) e;
      }
      return what + ": " + message(e) + (attempts > 1 ? " (on all " + attempts + " attempts)" : "");
    }
    return what + ": " + message(e);
  }

  public static String message(Throwable e) {
    String m = e.getMessage();
    return e instanceof SlideFormatException || e instanceof EngineDefectException
        ? m
        : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
