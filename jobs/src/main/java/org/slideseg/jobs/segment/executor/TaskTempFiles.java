package org.slideseg.jobs.segment.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local temporary files of tasks (a mask is assembled in one before it is published). Each is
 * removed when its task ends, however it ends; a JVM killed outright removes nothing, so the files
 * carry the pid of the JVM that made them, and the next task on the machine removes those of JVMs
 * that are gone and that nobody has written for {@link #IDLE} (a pid namespace of its own, as in a
 * container sharing the temp folder, cannot make a live writer's file look orphaned).
 */
public final class TaskTempFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TaskTempFiles.class);
  private static final Pattern OURS = Pattern.compile("slideseg-([0-9]{1,18})-.*");
  private static final Duration IDLE = Duration.ofMinutes(1);

  private TaskTempFiles() {}

  /** A new empty file in the temp folder, named {@code slideseg-<pid>-<name>-<random><suffix>}. */
  public static Path create(String name, String suffix) throws IOException {
    removeOrphans();
    Path file =
        Files.createTempFile(
            "slideseg-" + ProcessHandle.current().pid() + "-" + name + "-", suffix);
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> deleteQuietly(file));
    }
    return file;
  }

  public static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot remove the temporary file {}: {}", file, e.toString());
    }
  }

  /** Removes the files of JVMs that are gone, idle for {@link #IDLE}, from this machine. */
  public static void removeOrphans() throws IOException {
    removeOrphans(Path.of(System.getProperty("java.io.tmpdir")));
  }

  static void removeOrphans(Path folder) throws IOException {
    Instant idleSince = Instant.now().minus(IDLE);
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) {
        if (orphaned(f, idleSince)) {
          LOG.info("removing {}, left by a slideseg JVM that was killed", f);
          deleteQuietly(f);
        }
      }
    }
  }

  /**
   * Whether {@code f} is a file of a JVM that is gone, idle since before {@code idleSince}. A file
   * gone already is not: tasks that start together sweep the same folder, and one removing a file
   * the other listed must not fail the other's task.
   */
  private static boolean orphaned(Path f, Instant idleSince) {
    Matcher ours = OURS.matcher(f.getFileName().toString());
    if (!ours.matches() || ProcessHandle.of(Long.parseLong(ours.group(1))).isPresent()) {
      return false;
    }
    try {
      return Files.getLastModifiedTime(f).toInstant().isBefore(idleSince);
    } catch (IOException e) {
      return false;
    }
  }
}
