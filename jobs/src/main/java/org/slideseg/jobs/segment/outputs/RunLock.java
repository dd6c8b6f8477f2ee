package org.slideseg.jobs.segment.outputs;

import com.google.gson.Gson;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.concurrent.DaemonThreads;
import org.slideseg.jobs.console.UsageException;

/**
 * Makes one run at a time the writer of an output directory: a second run into the same {@code
 * --out} is refused with the holder's run id, host and age, instead of both rewriting the slides
 * table.
 *
 * <p>The lock is a file {@code _lock/<generation>.json} created exclusively (it fails if it
 * exists), whose modification time the holder refreshes every {@link #HEARTBEAT}. A holder that
 * died leaves a lock that stops being refreshed; at once when it ran on the same machine and its
 * process is gone, or when its holder died between creating the file and writing it (an empty or
 * torn file, {@link #WRITTEN_WITHIN} after its creation), else after {@link #STALE_AFTER}, the next
 * run takes it over by creating the next generation, which only one taker can create. A holder that
 * finds a newer generation has lost the lock and must not commit. Not thread-safe except for the
 * heartbeat.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  public static final Duration STALE_AFTER = Duration.ofMinutes(2);

  /** A live holder writes its lock file within milliseconds of creating it. */
  static final Duration WRITTEN_WITHIN = Duration.ofSeconds(5);

  private static final Gson GSON = new Gson();

  /**
   * What a lock file says about its holder.
   *
   * @param host the holder's JVM as {@code pid@host}
   */
  record Holder(String runId, String host, String started) {
    /** Whether the holder ran on this machine in a process that no longer exists. */
    boolean diedHere() {
      int at = host.indexOf('@');
      String self = host();
      if (at < 0 || !host.substring(at).equals(self.substring(self.indexOf('@')))) {
        return false;
      }
      try {
        return ProcessHandle.of(Long.parseLong(host.substring(0, at))).isEmpty();
      } catch (NumberFormatException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "run " + runId + " on " + host + ", started " + started;
    }
  }

  private final FileSystem fs;
  private final Path locks;
  private final Path mine;
  private final Holder holder;
  private final ScheduledExecutorService heartbeat;

  private RunLock(FileSystem fs, Path locks, Path mine, Holder holder) {
    this.fs = fs;
    this.locks = locks;
    this.mine = mine;
    this.holder = holder;
    this.heartbeat = DaemonThreads.scheduled("slideseg-run-lock");
    long period = HEARTBEAT.toMillis();
    heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Refuses at once, creating nothing, if a live run holds the lock of {@code layout}: a run checks
   * this before it loads its model, and takes the lock with {@link #acquire} afterwards.
   *
   * @throws UsageException when another live run holds it
   */
  public static void refuseIfHeld(OutputLayout layout, Configuration conf)
      throws IOException, UsageException {
    Path locks = layout.locks();
    next(layout, locks.getFileSystem(conf), locks);
  }

  /**
   * Takes the lock of {@code layout} for {@code runId}.
   *
   * @throws UsageException when another live run holds it
   */
  public static RunLock acquire(OutputLayout layout, String runId, Configuration conf)
      throws IOException, UsageException {
    Path locks = layout.locks();
    FileSystem fs = locks.getFileSystem(conf);
    Takeover takeover = next(layout, fs, locks);
    if (takeover.why() != null) {
      LOG.warn("taking over the lock of {}: {}", layout.root(), takeover.why());
    }
    long generation = takeover.generation();
    Holder me = new Holder(runId, host(), Instant.now().toString());
    Path mine = new Path(locks, generation + ".json");
    if (!createExclusively(fs, mine, GSON.toJson(me))) {
      throw inUse(layout, describe(read(fs, mine), mine), Duration.ZERO);
    }
    for (FileStatus older : list(fs, locks)) {
      if (generationOf(older.getPath()) < generation) {
        fs.delete(older.getPath(), false);
      }
    }
    return new RunLock(fs, locks, mine, me);
  }

  /**
   * The generation a new holder creates, and why the current holder, if any, is taken over.
   *
   * @param why null when no lock is held
   */
  private record Takeover(long generation, String why) {}

  private static Takeover next(OutputLayout layout, FileSystem fs, Path locks)
      throws IOException, UsageException {
    Optional<FileStatus> current = newest(fs, locks);
    if (current.isEmpty()) {
      return new Takeover(1, null);
    }
    FileStatus held = current.get();
    Duration silent = Duration.ofMillis(System.currentTimeMillis() - held.getModificationTime());
    Optional<Holder> holder = read(fs, held.getPath());
    boolean died = holder.map(Holder::diedHere).orElse(false);
    boolean neverWritten = holder.isEmpty() && silent.compareTo(WRITTEN_WITHIN) >= 0;
    if (silent.compareTo(STALE_AFTER) < 0 && !died && !neverWritten) {
      throw inUse(layout, describe(holder, held.getPath()), silent);
    }
    String why =
        "its holder ("
            + describe(holder, held.getPath())
            + ") "
            + (died
                ? "ran on this machine and its process is gone"
                : neverWritten
                    ? "died before it wrote its lock file"
                    : "has not been alive for " + silent.toSeconds() + " s");
    return new Takeover(generationOf(held.getPath()) + 1, why);
  }

  /**
   * @throws IOException when another run has taken the lock over: this run must not commit
   */
  public void checkHeld() throws IOException {
    Optional<FileStatus> newest = newest(fs, locks);
    if (newest.isEmpty() || !newest.get().getPath().getName().equals(mine.getName())) {
      throw new IOException(
          "run "
              + holder.runId()
              + " lost the lock of its output to another run (it was silent for over "
              + STALE_AFTER.toSeconds()
              + " s); not committing");
    }
  }

  private void beat() {
    try {
      checkHeld();
      fs.setTimes(mine, System.currentTimeMillis(), -1);
      if (System.currentTimeMillis() - fs.getFileStatus(mine).getModificationTime()
          > HEARTBEAT.toMillis()) {
        // Stores without settable times (object stores) get the file rewritten instead.
        write(fs, mine, GSON.toJson(holder), true);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot refresh the lock {}: {}", mine, e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    fs.delete(mine, false);
  }

  private static UsageException inUse(OutputLayout layout, String holder, Duration silent) {
    return new UsageException(
        "--out "
            + layout.root()
            + " is in use by another run ("
            + holder
            + ", alive "
            + silent.toSeconds()
            + " s ago); two runs into one output would overwrite each other's slides table. Wait"
            + " for it to finish or choose another --out; a run that died is taken over "
            + STALE_AFTER.toSeconds()
            + " s after its last sign of life");
  }

  private static boolean createExclusively(FileSystem fs, Path path, String json)
      throws IOException {
    if ("file".equals(fs.getScheme())) {
      // Hadoop's local create checks, then creates: not atomic. The JDK's CREATE_NEW is.
      java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(path).toUri());
      Files.createDirectories(local.getParent());
      try {
        Files.writeString(local, json, java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try {
      write(fs, path, json, false);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static void write(FileSystem fs, Path path, String json, boolean overwrite)
      throws IOException {
    try (OutputStream out = fs.create(path, overwrite)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Optional<FileStatus> newest(FileSystem fs, Path locks) throws IOException {
    return Arrays.stream(list(fs, locks))
        .max(Comparator.comparingLong(s -> generationOf(s.getPath())));
  }

  private static FileStatus[] list(FileSystem fs, Path locks) throws IOException {
    try {
      return fs.listStatus(locks, p -> p.getName().matches("[0-9]+\\.json"));
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }

  private static long generationOf(Path lock) {
    String name = lock.getName();
    return Long.parseLong(name.substring(0, name.indexOf('.')));
  }

  private static Optional<Holder> read(FileSystem fs, Path lock) {
    try (InputStream in = fs.open(lock)) {
      return Optional.ofNullable(
          GSON.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Holder.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String describe(Optional<Holder> holder, Path lock) {
    return holder.map(Holder::toString).orElse("unknown holder (" + lock + " unreadable)");
  }

  private static String host() {
    return ManagementFactory.getRuntimeMXBean().getName(); // pid@host
  }
}
