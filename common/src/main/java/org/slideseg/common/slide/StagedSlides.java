package org.slideseg.common.slide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;

/**
 * The local copies of remote slides that OpenSlide reads, shared by every reader in this JVM: a
 * slide is copied once per executor, not once per task (inspection, every segment task and the
 * preview each open it). A copy is keyed by the slide's URI, length and modification time, so a
 * changed slide is copied anew and its old copy removed. Copies no reader uses are kept, the least
 * recently used removed first, while they total at most {@link #KEEP_KEY} bytes; the rest go when
 * the run ends ({@link #removeUnused()}), or the JVM exits, or, after a kill, with the next task's
 * sweep of orphaned files. Thread-safe.
 */
final class StagedSlides {
  /**
   * Bytes of unused copies kept for later readers; 0 removes each copy when its last reader closes.
   */
  static final String KEEP_KEY = "slideseg.openslide.stage-keep-bytes";

  private static final long KEEP = 8L << 30;

  static final StagedSlides JVM = new StagedSlides();

  private record Key(String uri, long length, long modified) {}

  private static final class Copy {
    final CompletableFuture<Path> path = new CompletableFuture<>();
    final long bytes;
    int readers;

    Copy(long bytes) {
      this.bytes = bytes;
    }
  }

  /** In order of last use, oldest first. */
  private final Map<Key, Copy> copies = new LinkedHashMap<>(16, 0.75f, true);

  private StagedSlides() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::removeAll, "slideseg-staged-slides"));
  }

  /**
   * A local copy of the slide, made by {@code stage} unless this JVM has one of the same version;
   * {@link #release} it once read. Readers of a slide being copied wait for the one copy.
   */
  Path acquire(FileStatus status, Configuration conf, Stage stage) throws IOException {
    Key key = keyOf(status);
    Copy copy;
    boolean mine;
    synchronized (this) {
      removeOtherVersions(key);
      copy = copies.get(key);
      mine = copy == null;
      if (mine) {
        removeUnused(conf.getLong(KEEP_KEY, KEEP) - status.getLen());
        copy = new Copy(status.getLen());
        copies.put(key, copy);
      }
      copy.readers++;
    }
    if (mine) {
      try {
        copy.path.complete(stage.copy());
      } catch (IOException | RuntimeException e) {
        copy.path.completeExceptionally(e);
      }
    }
    try {
      return copy.path.get();
    } catch (ExecutionException e) {
      synchronized (this) {
        copies.remove(key, copy); // the next reader tries again
      }
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while another task copied the slide", e);
    }
  }

  /** Whether this JVM holds a finished copy of this slide version. */
  synchronized boolean holds(FileStatus status) {
    Copy copy = copies.get(keyOf(status));
    return copy != null && copy.path.isDone() && !copy.path.isCompletedExceptionally();
  }

  /** Ends a reader's use of the copy {@link #acquire} gave for this slide version. */
  void release(FileStatus status, Configuration conf) {
    synchronized (this) {
      Copy copy = copies.get(keyOf(status));
      if (copy != null) {
        copy.readers--;
      }
      removeUnused(conf.getLong(KEEP_KEY, KEEP));
    }
  }

  /** Removes every copy no reader uses now, as at the end of a run. */
  synchronized void removeUnused() {
    removeUnused(0);
  }

  /** Removes unused copies, oldest first, until the unused ones total at most {@code keep}. */
  private void removeUnused(long keep) {
    long unused =
        copies.values().stream().filter(c -> c.readers == 0).mapToLong(c -> c.bytes).sum();
    var it = copies.values().iterator();
    while (unused > Math.max(0, keep) && it.hasNext()) {
      Copy c = it.next();
      if (c.readers == 0) {
        unused -= c.bytes;
        it.remove();
        delete(c);
      }
    }
  }

  /** Unused copies of other versions of the same slide: never read again. */
  private void removeOtherVersions(Key key) {
    List<Key> stale = new ArrayList<>();
    copies.forEach(
        (k, c) -> {
          if (k.uri().equals(key.uri()) && !k.equals(key) && c.readers == 0) {
            stale.add(k);
          }
        });
    stale.forEach(k -> delete(copies.remove(k)));
  }

  private synchronized void removeAll() {
    copies.values().forEach(StagedSlides::delete);
    copies.clear();
  }

  private static void delete(Copy c) {
    try {
      Path p = c.path.getNow(null);
      if (p != null) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // the next task's sweep of orphaned slideseg temp files removes it
    }
  }

  private static Key keyOf(FileStatus status) {
    return new Key(
        status.getPath().toUri().toString(), status.getLen(), status.getModificationTime());
  }

  /** Makes the copy. */
  interface Stage {
    Path copy() throws IOException;
  }
}
