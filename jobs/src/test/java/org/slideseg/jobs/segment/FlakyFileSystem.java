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
 * of times with a plain IOException, as a storage service's transient errors do. Test-only; the
 * counts are per JVM, which in local mode holds every task.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
  public static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();

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
    AtomicInteger left = FAILURES_LEFT.get(f.getName());
    if (left != null && left.getAndDecrement() > 0) {
      throw new IOException("injected storage error opening " + f + ": connection reset");
    }
    return super.open(f, bufferSize);
  }
}
