package org.slideseg.common.slide;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Local files under the {@code elsewhere:} scheme (or a subclass's): a file system that is not this
 * machine's disk as far as slideseg can tell, as HDFS or S3 are. Test-only.
 */
public class ElsewhereFileSystem extends RawLocalFileSystem {
  private final String scheme;

  public ElsewhereFileSystem() {
    this("elsewhere");
  }

  protected ElsewhereFileSystem(String scheme) {
    this.scheme = scheme;
  }

  @Override
  public URI getUri() {
    return URI.create(scheme + ":///");
  }

  @Override
  public String getScheme() {
    return scheme;
  }

  // Hadoop's local statuses read permissions through java.io.File, which takes only file: URIs.
  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return withoutPermissions(super.getFileStatus(f));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    return Arrays.stream(super.listStatus(f))
        .map(ElsewhereFileSystem::withoutPermissions)
        .toArray(FileStatus[]::new);
  }

  private static FileStatus withoutPermissions(FileStatus s) {
    return new FileStatus(
        s.getLen(),
        s.isDirectory(),
        s.getReplication(),
        s.getBlockSize(),
        s.getModificationTime(),
        s.getPath());
  }
}
