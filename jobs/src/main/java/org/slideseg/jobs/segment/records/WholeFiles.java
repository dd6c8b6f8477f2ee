package org.slideseg.jobs.segment.records;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes an output so that readers see it whole or not at all, even if the writer dies half-way. An
 * object store makes an object visible only when its upload completes, so it is written straight to
 * its key; a file system gets it under a hidden temporary name ({@code .<name>.inprogress}) that is
 * then renamed, which is atomic there.
 */
public final class WholeFiles {
  private static final List<String> OBJECT_STORES =
      List.of("s3a", "gs", "abfs", "abfss", "wasb", "oss");

  /** Writes the content of one output stream. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private WholeFiles() {}

  public static void write(FileSystem fs, Path target, Content content) throws IOException {
    if (OBJECT_STORES.contains(fs.getScheme())) {
      try (OutputStream out = fs.create(target, true)) {
        content.writeTo(out);
      }
      return;
    }
    Path staging = new Path(target.getParent(), "." + target.getName() + ".inprogress");
    try (OutputStream out = fs.create(staging, true)) {
      content.writeTo(out);
    }
    fs.delete(target, false);
    if (!fs.rename(staging, target)) {
      throw new IOException("cannot rename " + staging + " to " + target);
    }
  }
}
