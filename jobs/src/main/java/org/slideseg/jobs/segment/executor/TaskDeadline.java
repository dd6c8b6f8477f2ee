package org.slideseg.jobs.segment.executor;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slideseg.common.concurrent.DaemonThreads;

/**
 * Runs a task's work on a thread of its own and gives up on it after a time limit, so that a slide
 * whose decoder or reads hang fails alone instead of holding its task slot forever. The abandoned
 * thread is interrupted and, being a daemon, never keeps an executor alive.
 */
final class TaskDeadline {
  private TaskDeadline() {}

  /** The reason a slide fails when its work outlives the limit; a slide defect, not retried. */
  static final class Exceeded extends RuntimeException {
    Exceeded(String message) {
      super(message);
    }
  }

  /**
   * @param seconds the limit; 0 runs {@code work} on the calling thread without one
   * @param what what the work is, for the message
   */
  static <T> T within(int seconds, String what, Callable<T> work) throws Exception {
    if (seconds <= 0) {
      return work.call();
    }
    ExecutorService thread = DaemonThreads.single("slideseg-task-work");
    Future<T> result = thread.submit(work);
    try {
      return result.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new Exceeded(
          what
              + " took longer than the --task-timeout of "
              + seconds
              + " s (a decoder or a read that hangs?); the slide is given up");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      thread.shutdownNow();
    }
  }
}
