package org.slideseg.jobs.segment.executor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Threads that tasks start for their own work: daemons, so that none keeps an executor alive. */
final class DaemonThreads {
  private DaemonThreads() {}

  /** One named daemon thread; the caller shuts it down. */
  static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
