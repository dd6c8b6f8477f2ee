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
 * of times with a plain IOException, as a storage service's transient errors do, or hangs.
 * Test-only; the counts are per JVM, which in local mode holds every task.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
  public static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();

  /** Files whose opening blocks for ten minutes, as a read from a stalled server does. */
  public static final java.util.Set<String> HANGING = ConcurrentHashMap.newKeySet();

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
