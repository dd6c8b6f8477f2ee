package org.slideseg.jobs.segment.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTempFilesTest {
  /** A pid above Linux's largest (2^22): no process has it. */
  private static final long GONE = 99_999_999L;

  @TempDir Path dir;

  /**
   * Tasks that start together on a machine sweep the same orphans: one removing a file the other
   * listed must not fail the other's task (and so its slide), as it did after a killed run.
   */
  @Test
  void tasksSweepingTheSameOrphansAtOnceBothSucceed() throws Exception {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        orphans(200);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> sweeps = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          sweeps.add(
              two.submit(
                  () -> {
                    start.await();
                    TaskTempFiles.removeOrphans(dir);
                    return null;
                  }));
        }
        for (Future<?> s : sweeps) {
          s.get(); // throws if a sweep failed
        }
        try (var left = Files.list(dir)) {
          assertThat(left).isEmpty();
        }
      }
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void filesOfLiveOrRecentlyWrittenJvmsStay() throws Exception {
    Path live =
        Files.writeString(
            dir.resolve("slideseg-" + ProcessHandle.current().pid() + "-mask-1.tif"), "x");
    Files.setLastModifiedTime(live, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Path recent = Files.writeString(dir.resolve("slideseg-" + GONE + "-mask-2.tif"), "x");
    Path other = Files.writeString(dir.resolve("slideseg-onednn-root-0.properties"), "x");
    Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

    TaskTempFiles.removeOrphans(dir);

    assertThat(live).exists();
    assertThat(recent).exists();
    assertThat(other).exists();
  }

  private void orphans(int n) throws Exception {
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    for (int i = 0; i < n; i++) {
      Path f = Files.writeString(dir.resolve("slideseg-" + GONE + "-mask-" + i + ".tif"), "x");
      Files.setLastModifiedTime(f, old);
    }
  }
}
