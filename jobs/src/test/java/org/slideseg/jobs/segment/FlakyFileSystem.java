package org.slideseg.jobs.segment;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.slideseg.common.slide.ElsewhereFileSystem;

/**
 * Local files under the {@code flaky://} scheme whose opening fails, for named files, a set number
 * of times with a plain IOException, as a storage service's transient errors do, or hangs; whose
 * renames of staged partitions into place fail, as a process killed between Spark's delete and
 * rename of a partition leaves it; and whose creation under a given folder fails as on a full disk.
 * Test-only; the settings are per JVM, which in local mode holds every task.
 */
public class FlakyFileSystem extends ElsewhereFileSystem {
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

  public FlakyFileSystem() {
    super("flaky");
  }

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

  /** Every create of Hadoop's local file system opens its file here, whichever overload it was. */
  @Override
  protected java.io.OutputStream createOutputStreamWithMode(
      Path f, boolean append, org.apache.hadoop.fs.permission.FsPermission permission)
      throws IOException {
    checkSpace(f);
    return super.createOutputStreamWithMode(f, append, permission);
  }

  private static void checkSpace(Path f) throws IOException {
    for (Path p = f.getParent(); p != null; p = p.getParent()) {
      if (FULL_FOLDERS.contains(p.getName())) {
        throw new IOException("No space left on device");
      }
    }
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
