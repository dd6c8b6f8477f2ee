package org.slideseg.common.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Threads that slideseg starts for its own work, in tasks and on the driver: daemons, so that none
 * keeps a JVM alive.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** One named daemon thread; the caller shuts it down. */
  public static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(named(name));
  }

  /** One named daemon thread for work at a fixed rate; the caller shuts it down. */
  public static ScheduledExecutorService scheduled(String name) {
    return Executors.newSingleThreadScheduledExecutor(named(name));
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
