package org.slideseg.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slideseg.common.concurrent.DaemonThreads;

/**
 * CPU seconds that the JVM's own threads of each {@link Kind} spend while a run goes on, from
 * Linux's per-thread scheduler statistics. Sampled every 100 ms, not only at both ends: the JVM
 * stops an idle compiler or collector thread beyond the first, and its count goes with it, which
 * made a before-and-after difference too small, even below zero. What a thread spends in its last
 * 100 ms before it stops is still lost, so the figures are lower bounds.
 */
final class JvmThreadCpu implements AutoCloseable {
  /** The JVM's threads by their names, as the kernel keeps them (15 characters). */
  enum Kind {
    JIT_COMPILER(List.of("C1 CompilerThre", "C2 CompilerThre")),
    GARBAGE_COLLECTOR(List.of("GC Thread", "G1 "));

    private final List<String> namePrefixes;

    Kind(List<String> namePrefixes) {
      this.namePrefixes = namePrefixes;
    }

    static Kind of(String threadName) {
      for (Kind k : values()) {
        if (k.namePrefixes.stream().anyMatch(threadName::startsWith)) {
          return k;
        }
      }
      return null;
    }
  }

  private static final Path TASKS = Path.of("/proc/self/task");

  /** Per thread id: its kind, its count when first seen (0 if born during the run), its last. */
  private record Seen(Kind kind, long firstNanos, long lastNanos) {}

  private final Map<String, Seen> threads = new HashMap<>();

  /** Ids of threads of no {@link Kind}. */
  private final Set<String> others = new HashSet<>();

  private final ScheduledExecutorService sampler = DaemonThreads.scheduled("slideseg-bench-cpu");
  private boolean started;

  private JvmThreadCpu() {}

  /** Starts sampling now; {@link #seconds} says how much was spent since. */
  static JvmThreadCpu start() throws IOException {
    var cpu = new JvmThreadCpu();
    cpu.sample();
    cpu.started = true;
    cpu.sampler.scheduleAtFixedRate(cpu::sampleUnchecked, 100, 100, TimeUnit.MILLISECONDS);
    return cpu;
  }

  /** CPU seconds of each kind since {@link #start}, after a last sample. */
  synchronized Map<Kind, Double> seconds() throws IOException {
    sample();
    Map<Kind, Double> seconds = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      seconds.put(k, 0.0);
    }
    threads
        .values()
        .forEach(t -> seconds.merge(t.kind, (t.lastNanos - t.firstNanos) / 1e9, Double::sum));
    return seconds;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  private void sampleUnchecked() {
    try {
      sample();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // ends the sampling; seconds() then reports the error
    }
  }

  /**
   * Reads the name of a thread only when it is first seen, and the counts of the JVM's threads
   * only: reading every thread's files every 100 ms allocated 280 MB in a 16k no-op run (4 % of its
   * garbage), and its CPU time counted as the job's. Linux hands out thread ids in turn, so an id
   * is not reused within a run.
   */
  private synchronized void sample() throws IOException {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String threadId = task.getFileName().toString();
        if (others.contains(threadId)) {
          continue;
        }
        try {
          Seen seen = threads.get(threadId);
          Kind kind = seen != null ? seen.kind : Kind.of(Files.readString(task.resolve("comm")));
          if (kind == null) {
            others.add(threadId);
            continue;
          }
          // schedstat: time on a CPU (ns), time waiting for one, time slices
          String onCpu = Files.readString(task.resolve("schedstat")).split(" ")[0];
          record(threadId, kind, Long.parseLong(onCpu));
        } catch (IOException e) {
          // A thread that ended while being read fails with ENOENT or ESRCH ("No such process").
          if (Files.exists(task)) {
            throw e;
          }
        }
      }
    }
  }

  private void record(String threadId, Kind kind, long nanos) {
    Seen before = threads.get(threadId);
    long first = before != null ? before.firstNanos : started ? 0 : nanos;
    threads.put(threadId, new Seen(kind, first, nanos));
  }
}
