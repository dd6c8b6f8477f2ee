package org.slideseg.jobs.segment.outputs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Writes an output so that readers see it whole or not at all, even if the writer dies half-way. An
 * object store makes an object visible only when its upload completes, so it is written straight to
 * its key; a file system gets it under a hidden temporary name of this writer's own ({@code
 * .<name>.<12 hex digits>.inprogress}) that is then renamed, which is atomic there.
 *
 * <p>Two writers of one output at once, as Spark's speculation runs two attempts of a task: with
 * one temporary name for both, the first one's rename made the second's file the output while it
 * was still being written, and the loser's late bytes or its removal reached the finished output.
 * Each has its own file now, and a rename replaces the output in one step, so the output is never
 * missing: HDFS refuses a plain rename onto a file, and there the overwriting rename does it.
 */
public final class WholeFiles {
  private static final int WRITER_DIGITS = 12;

  /**
   * The end of a temporary name, as a regular expression: this version's with its writer's hex
   * digits, or an earlier version's without them.
   */
  public static final String TEMPORARY_ENDING =
      "\\.([0-9a-f]{" + WRITER_DIGITS + "}\\.)?inprogress";

  private static final List<String> OBJECT_STORES =
      List.of("s3a", "gs", "abfs", "abfss", "wasb", "oss");

  /** Writes the content of one output stream. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private WholeFiles() {}

  public static void write(FileSystem fs, Path target, Content content) throws IOException {
    if (OBJECT_STORES.contains(fs.getUri().getScheme())) {
      try (OutputStream out = fs.create(target, true)) {
        content.writeTo(out);
      }
      return;
    }
    Path staging = new Path(target.getParent(), temporaryName(target.getName()));
    try {
      try (OutputStream out = fs.create(staging, false)) {
        content.writeTo(out);
      }
      renameOnto(fs, staging, target);
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(staging, false); // a killed writer's is left to the next run's clean-up
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** A hidden temporary name of this writer's own for an output named {@code name}. */
  public static String temporaryName(String name) {
    String writer = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    return "." + name + "." + writer.substring(0, WRITER_DIGITS) + ".inprogress";
  }

  /**
   * Replaces the target in one rename: a plain one where the file system allows it (POSIX), else
   * its overwriting rename, which is one step on HDFS (a file system without one of its own removes
   * the target first).
   */
  private static void renameOnto(FileSystem fs, Path staging, Path target) throws IOException {
    if (!fs.rename(staging, target)) {
      FileUtil.rename(fs, staging, target, Options.Rename.OVERWRITE);
    }
  }
}
