package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestCluster;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;

/**
 * Executors whose engine is wrong (made so by the test-only {@code slideseg.test.engine-fault} in
 * the executor JVMs alone, on a CPU where it is right): where oneDNN is wrong at every instruction
 * set, the executor's trial switches it off and the executor writes the mask a right engine writes,
 * byte for byte; where nothing is right, its tasks fail with the reason and no mask is written,
 * while the driver's own check passed.
 */
class WrongEngineIT {
  @TempDir static Path dir;
  private static Path inputs;
  private static Path model;

  @BeforeAll
  static void slides() throws Exception {
    inputs = Files.createDirectories(dir.resolve("in"));
    TestSlides.vipsSlide(
        TestSlides.crop("image", 21, 6, 40, 500, 420), inputs.resolve("good.tif"), "jpeg");
    model = TestSlides.smallWindowModel(dir.resolve("model"));
  }

  private static SparkSession cluster(String fault) throws Exception {
    return TestCluster.start(
        "engine fault " + fault,
        "local-cluster[1,1,2048]",
        Map.of(
            TestCluster.JAVA_OPTIONS,
            "-Dslideseg.test.engine-fault=" + fault,
            "spark.task.maxFailures",
            "2"));
  }

  private static Row slideRow(SparkSession spark, Path out) throws Exception {
    TestJob.run(spark, inputs.toString(), model, out);
    List<Row> slides = spark.read().parquet(out.resolve("slides").toString()).collectAsList();
    assertThat(slides).hasSize(1);
    return slides.get(0);
  }

  private static byte[] onlyMask(Path out) throws Exception {
    try (var files = Files.list(out.resolve("masks"))) {
      List<Path> masks = files.filter(f -> f.getFileName().toString().endsWith(".tif")).toList();
      assertThat(masks).hasSize(1);
      return Files.readAllBytes(masks.get(0));
    }
  }

  @Test
  void executorsWhoseOneDnnIsWrongAtEverySetSwitchItOffAndWriteTheMaskOfARightEngine()
      throws Exception {
    byte[] right;
    SparkSession local =
        SparkSession.builder()
            .master("local[2]")
            .appName("right engine")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      assertThat(slideRow(local, dir.resolve("right")).<String>getAs("status")).isEqualTo("OK");
      right = onlyMask(dir.resolve("right"));
    } finally {
      local.stop();
    }
    SparkSession cluster = cluster("onednn");
    try {
      Row slide = slideRow(cluster, dir.resolve("switched"));

      assertThat(slide.<String>getAs("status")).isEqualTo("OK");
      assertThat(onlyMask(dir.resolve("switched"))).isEqualTo(right);
      String stderr = Files.readString(TestCluster.executorLogs(cluster).findFirst().orElseThrow());
      assertThat(stderr)
          .contains("EngineSelfCheck: oneDNN off: ALL", " kernels wrong here (ALL: ")
          .contains("; convolutions run on PyTorch's own kernels");
    } finally {
      cluster.stop();
    }
  }

  @Test
  void executorsWhoseEngineStaysWrongFailTheSlideWithTheReasonAndWriteNoMask() throws Exception {
    SparkSession cluster = cluster("always");
    try {
      Path out = dir.resolve("refused");
      Row slide = slideRow(cluster, out);

      assertThat(slide.<String>getAs("status")).isEqualTo("FAILED");
      assertThat(slide.<String>getAs("error"))
          .contains("PyTorch computes wrong convolutions on this CPU")
          .contains("No model can run here: run on another CPU")
          .endsWith("(on all 2 attempts)");
      try (var masks = Files.walk(out)) {
        assertThat(masks.map(Path::toString)).noneMatch(f -> f.endsWith(".tif"));
      }
    } finally {
      cluster.stop();
    }
  }
}
