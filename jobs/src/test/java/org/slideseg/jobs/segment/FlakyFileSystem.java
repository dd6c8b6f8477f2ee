package org.slideseg.jobs.segment;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Local files under the {@code flaky://} scheme whose opening fails, for named files, a set number
 * of times with a plain IOException, as a storage service's transient errors do, or hangs; whose
 * renames of staged partitions into place fail, as a process killed between Spark's delete and
 * rename of a partition leaves it; and whose creation under a given folder fails as on a full disk.
 * Test-only; the settings are per JVM, which in local mode holds every task.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
  public static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();

  /** Files whose opening blocks for ten minutes, as a read from a stalled server does. */
  public static final java.util.Set<String> HANGING = ConcurrentHashMap.newKeySet();

  /**
   * Renames out of a Spark staging folder ({@code .spark-staging-*}, where dynamic partition
   * overwrite gathers a job's partitions) onto a name with one of these prefixes fail.
   */
  public static final java.util.Set<String> FAILING_RENAMES = ConcurrentHashMap.newKeySet();

  /** Files created under a folder of one of these names fail: "No space left on device". */
  public static final java.util.Set<String> FULL_FOLDERS = ConcurrentHashMap.newKeySet();

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    boolean outOfStaging =
        src.getParent().getName().startsWith(".spark-staging")
            && !dst.toString().contains(".spark-staging");
    if (outOfStaging && FAILING_RENAMES.stream().anyMatch(dst.getName()::startsWith)) {
      throw new IOException("injected failure renaming " + src + " to " + dst);
    }
    return super.rename(src, dst);
  }

  @Override
  public org.apache.hadoop.fs.FSDataOutputStream create(
      Path f,
      org.apache.hadoop.fs.permission.FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      org.apache.hadoop.util.Progressable progress)
      throws IOException {
    checkSpace(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public org.apache.hadoop.fs.FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      org.apache.hadoop.util.Progressable progress)
      throws IOException {
    checkSpace(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  private static void checkSpace(Path f) throws IOException {
    for (Path p = f.getParent(); p != null; p = p.getParent()) {
      if (FULL_FOLDERS.contains(p.getName())) {
        throw new IOException("No space left on device");
      }
    }
  }

  // Hadoop's local statuses read permissions through java.io.File, which takes only file: URIs.
  @Override
  public org.apache.hadoop.fs.FileStatus getFileStatus(Path f) throws IOException {
    return withoutPermissions(super.getFileStatus(f));
  }

  @Override
  public org.apache.hadoop.fs.FileStatus[] listStatus(Path f) throws IOException {
    return java.util.Arrays.stream(super.listStatus(f))
        .map(FlakyFileSystem::withoutPermissions)
        .toArray(org.apache.hadoop.fs.FileStatus[]::new);
  }

  private static org.apache.hadoop.fs.FileStatus withoutPermissions(
      org.apache.hadoop.fs.FileStatus s) {
    return new org.apache.hadoop.fs.FileStatus(
        s.getLen(),
        s.isDirectory(),
        s.getReplication(),
        s.getBlockSize(),
        s.getModificationTime(),
        s.getPath());
  }

  @Override
  public URI getUri() {
    return URI.create("flaky:///");
  }

  @Override
  public String getScheme() {
    return "flaky";
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (HANGING.contains(f.getName())) {
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("opening " + f + " was interrupted");
      }
    }
    AtomicInteger left = FAILURES_LEFT.get(f.getName());
    if (left != null && left.getAndDecrement() > 0) {
      throw new IOException("injected storage error opening " + f + ": connection reset");
    }
    return super.open(f, bufferSize);
  }
}
