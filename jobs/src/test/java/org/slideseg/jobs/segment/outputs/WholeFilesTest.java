package org.slideseg.jobs.segment.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-file writes when two attempts of one task write the same output at once, as Spark's
 * speculation runs them: the output is always one writer's whole bytes, never a mixture, and never
 * missing once one writer has finished.
 */
class WholeFilesTest {
  private static final int HALF = 1 << 16;

  @TempDir java.nio.file.Path dir;

  @Test
  void aWriterStillWritingNeitherMixesItsBytesIntoTheFinishedOutputNorRemovesIt() throws Exception {
    CompletableFuture<Void> slow = new TwoWriters().slowOneOutrun(true);

    assertThatThrownBy(() -> slow.get(1, TimeUnit.MINUTES)).hasMessageContaining("killed");
    assertThat(Files.readAllBytes(dir.resolve("slide.tif"))).isEqualTo(filled('b', 2 * HALF));
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
          .containsExactly("slide.tif");
    }
  }

  @Test
  void twoWritersThatBothFinishLeaveOneWritersWholeBytes() throws Exception {
    new TwoWriters().slowOneOutrun(false).get(1, TimeUnit.MINUTES);

    byte[] written = Files.readAllBytes(dir.resolve("slide.tif"));
    assertThat(written).isIn(filled('a', 2 * HALF), filled('b', 2 * HALF));
  }

  /**
   * HDFS refuses to rename onto a file. Removing the old output and renaming left it missing when
   * the writer was killed in between, as Spark kills the losing attempt of a speculated task;
   * HDFS's overwriting rename replaces it in one step.
   */
  @Test
  void onHdfsAWriterKilledWhileReplacingTheOutputLeavesTheOldOne() throws Exception {
    var fs = new HdfsRenames(true);
    Path target = new Path(dir.resolve("slide.tif").toUri());
    Files.write(dir.resolve("slide.tif"), filled('a', HALF));

    assertThatThrownBy(() -> WholeFiles.write(fs, target, out -> out.write(filled('b', HALF))))
        .hasMessageContaining("killed");

    assertThat(Files.readAllBytes(dir.resolve("slide.tif"))).isEqualTo(filled('a', HALF));
  }

  @Test
  void onHdfsTheOutputIsReplaced() throws Exception {
    var fs = new HdfsRenames(false);
    Files.write(dir.resolve("slide.tif"), filled('a', HALF));

    WholeFiles.write(
        fs, new Path(dir.resolve("slide.tif").toUri()), out -> out.write(filled('b', 4)));

    assertThat(Files.readAllBytes(dir.resolve("slide.tif"))).isEqualTo(filled('b', 4));
    try (var left = Files.list(dir)) {
      assertThat(left).hasSize(1);
    }
  }

  /**
   * Local files renamed as HDFS renames them: a plain rename onto a file is refused, an overwriting
   * one replaces it at once. A killed writer's renames fail before they change anything.
   */
  private static final class HdfsRenames extends RawLocalFileSystem {
    private final boolean killed;

    HdfsRenames(boolean killed) throws IOException {
      this.killed = killed;
      initialize(URI.create("file:///"), new Configuration());
    }

    @Override
    public String getScheme() {
      return "hdfs";
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
      if (exists(dst)) {
        return false;
      }
      failIfKilled();
      return super.rename(src, dst);
    }

    @Override
    protected void rename(Path src, Path dst, Options.Rename... options) throws IOException {
      failIfKilled();
      Files.move(
          pathToFile(src).toPath(),
          pathToFile(dst).toPath(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }

    private void failIfKilled() throws IOException {
      if (killed) {
        throw new IOException("killed: the other attempt won");
      }
    }
  }

  /** Two writers of {@code slide.tif}: a slow one in the background, and the test's own. */
  private final class TwoWriters {
    final FileSystem fs = FileSystem.getLocal(new Configuration());
    final Path target = new Path(dir.resolve("slide.tif").toUri());
    final CountDownLatch otherFinished = new CountDownLatch(1);

    TwoWriters() throws IOException {}

    /**
     * Starts the slow writer, writes the whole output ({@code b}) while it is half-way, then lets
     * it go on; returns the slow one's write.
     */
    CompletableFuture<Void> slowOneOutrun(boolean killed) throws Exception {
      CompletableFuture<Void> slow = slowOneStarted(killed);
      WholeFiles.write(fs, target, out -> out.write(filled('b', 2 * HALF)));
      otherFinished.countDown();
      return slow;
    }

    /**
     * Starts the slow writer and returns once it has written half of its bytes ({@code a}); it
     * writes the rest when {@link #otherFinished} opens, then fails if {@code killed}.
     */
    private CompletableFuture<Void> slowOneStarted(boolean killed) throws Exception {
      var halfWritten = new CountDownLatch(1);
      CompletableFuture<Void> slow =
          CompletableFuture.runAsync(
              () -> {
                try {
                  WholeFiles.write(
                      fs,
                      target,
                      out -> {
                        out.write(filled('a', HALF));
                        out.flush();
                        halfWritten.countDown();
                        await(otherFinished);
                        out.write(filled('a', HALF));
                        if (killed) {
                          throw new IOException("killed: the other attempt won");
                        }
                      });
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      awaitOrFail(halfWritten, slow);
      return slow;
    }
  }

  private static byte[] filled(char c, int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  /** Waits for the latch, or fails with what the other writer threw before it got there. */
  private static void awaitOrFail(CountDownLatch latch, CompletableFuture<Void> other)
      throws Exception {
    while (!latch.await(100, TimeUnit.MILLISECONDS)) {
      if (other.isDone()) {
        other.get();
        throw new IllegalStateException("the other writer finished without getting there");
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the other writer never got there");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
