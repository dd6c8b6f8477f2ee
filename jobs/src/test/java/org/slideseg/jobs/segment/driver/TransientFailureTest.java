package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.FlakyFileSystem;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * Storage errors are retried as Spark retries tasks (local mode with 3 attempts here); only when
 * every attempt fails does the slide fail, alone and with the reason. Slides are read through
 * {@link FlakyFileSystem}.
 */
class TransientFailureTest {
  @TempDir static Path dir;

  @RegisterExtension
  static final TestSpark SPARK =
      new TestSpark("local[2,3]", "fs.flaky.impl", FlakyFileSystem.class.getName());

  /** Segments the slides of {@code in}, read through {@link FlakyFileSystem}. */
  private static RunSummary runOnFlaky(Path in, Path out, String... more) throws Exception {
    Path model = dir.resolve("model");
    if (!Files.exists(model)) {
      TestSlides.smallWindowModel(model);
    }
    return TestJob.run(SPARK.session(), "flaky://" + in, model, out, more);
  }

  @Test
  void aTransientErrorIsRetriedAndAPersistentOneFailsOnlyItsSlide() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    for (String name : List.of("flaky", "broken", "steady")) {
      ImageIO.write(
          TestSlides.crop("image", 20, 0, 0, 200, 180), "png", in.resolve(name + ".png").toFile());
    }
    FlakyFileSystem.FAILURES_LEFT.put("flaky.png", new AtomicInteger(2));
    FlakyFileSystem.FAILURES_LEFT.put("broken.png", new AtomicInteger(1000));
    Path out = dir.resolve("out");
    RunSummary summary = runOnFlaky(in, out, "--preview-size", "64");

    assertThat(summary.failures()).hasSize(1);
    assertThat(summary.failures().values().iterator().next())
        .contains("broken.png")
        .contains("injected storage error")
        .contains("on all 3 attempts");
    List<Row> rows =
        SPARK.session().read().parquet(out.resolve("slides").toString()).collectAsList();
    assertThat(rows)
        .extracting(r -> r.<String>getAs("uri").replaceAll(".*/", "") + " " + r.getAs("status"))
        .containsExactlyInAnyOrder("flaky.png OK", "broken.png FAILED", "steady.png OK");
    assertThat(FlakyFileSystem.FAILURES_LEFT.get("flaky.png").get()).isNotPositive();
  }

  @Test
  void aSlideWhoseReadsHangFailsAloneAfterTheTaskTimeout() throws Exception {
    Path in = Files.createDirectories(dir.resolve("hang-in"));
    for (String name : List.of("hangs", "fine")) {
      ImageIO.write(
          TestSlides.crop("image", 21, 0, 0, 200, 180), "png", in.resolve(name + ".png").toFile());
    }
    FlakyFileSystem.HANGING.add("hangs.png");
    long started = System.nanoTime();
    RunSummary summary = runOnFlaky(in, dir.resolve("hang-out"), "--task-timeout", "3");
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(120);
    assertThat(summary.failures()).hasSize(1);
    assertThat(summary.failures().values().iterator().next())
        .contains("hangs.png")
        .contains("took longer than the --task-timeout of 3 s");
  }
}
