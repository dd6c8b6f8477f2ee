package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.RecordsKryoRegistrator;
import org.slideseg.jobs.segment.TestCluster;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.executor.FaultInjection;

/**
 * The job on two executor JVMs ({@code local-cluster[2,1,2048]}) with the cluster jar, as
 * spark-submit runs it: the same bytes as one JVM ({@code local[2]}), one model per executor, and
 * the same bytes again when tasks fail half-way and are retried. The cluster serializes with Kryo,
 * as many clusters' defaults say, and slideseg's registrator loaded from the cluster jar; the one
 * JVM with Spark's default, Java serialization.
 */
class SeparateExecutorsIT {
  @TempDir static Path dir;
  private static Path inputs;
  private static Path model;
  private static Outputs inOneJvm;
  private static SparkSession cluster;

  /** What a run wrote, by slide id: mask bytes, tile rows and slide rows (timings left out). */
  record Outputs(Map<String, byte[]> masks, List<String> tiles, List<String> slides) {}

  @BeforeAll
  static void runInOneJvmThenStartTheCluster() throws Exception {
    inputs = TestSlides.goodAndBrokenSlides(dir.resolve("in"));
    TestSlides.vipsSlide(
        TestSlides.tinted(TestSlides.crop("image", 24, 0, 0, 330, 330)),
        inputs.resolve("tinted.tif"),
        "jpeg");
    model = TestSlides.smallWindowModel(dir.resolve("model"));

    SparkSession local =
        SparkSession.builder()
            .master("local[2]")
            .appName("one JVM")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    try {
      inOneJvm = run(local, dir.resolve("one-jvm"));
    } finally {
      local.stop();
    }
    cluster =
        TestCluster.start(
            "two executors",
            "local-cluster[2,1,2048]",
            Map.of(
                "spark.serializer",
                "org.apache.spark.serializer.KryoSerializer",
                RecordsKryoRegistrator.REGISTRATORS,
                RecordsKryoRegistrator.class.getName()));
  }

  @AfterAll
  static void stop() {
    cluster.stop();
  }

  private static Outputs run(SparkSession spark, Path out) throws Exception {
    TestJob.run(
        spark,
        inputs.toString(),
        model,
        out,
        "--run-id",
        "same-run",
        "--windows-per-task",
        "4",
        "--preview-size",
        "100",
        "--mask-format",
        "both");
    // Every file under masks/, the OME-Zarr containers' too, by relative path; not Hadoop's
    // checksum files, nor the temporary file of a writer killed with its executor.
    Map<String, byte[]> masks = new TreeMap<>();
    Path dir = out.resolve("masks");
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".crc") && !name.endsWith(".inprogress")) {
          masks.put(dir.relativize(f).toString(), Files.readAllBytes(f));
        }
      }
    }
    List<String> tiles =
        spark.read().parquet(out.resolve("tiles").toString()).collectAsList().stream()
            .map(
                r ->
                    r.getAs("slide_id")
                        + " "
                        + r.getAs("x")
                        + ","
                        + r.getAs("y")
                        + " "
                        + r.getAs("run_id")
                        + " "
                        + r.getList(r.fieldIndex("class_pixels"))
                        + " "
                        + Arrays.hashCode((byte[]) r.getAs("mask")))
            .sorted()
            .toList();
    List<String> slides =
        spark.read().parquet(out.resolve("slides").toString()).collectAsList().stream()
            .map(SeparateExecutorsIT::withoutTimings)
            .sorted()
            .toList();
    return new Outputs(masks, tiles, slides);
  }

  /** A slides row without what must differ between runs: timings, devices, the output folder. */
  private static String withoutTimings(Row r) {
    List<String> fields = new ArrayList<>();
    for (String name : r.schema().fieldNames()) {
      if (!name.equals("seconds") && !name.equals("devices")) {
        Object v = r.getAs(name);
        if ((name.equals("mask_uri") || name.equals("labels_uri")) && v != null) {
          v = v.toString().replaceAll(".*/masks/", "masks/"); // the runs write to two outputs
        }
        fields.add(name + "=" + (v instanceof scala.collection.Seq<?> s ? s.toString() : v));
      }
    }
    return String.join(" ", fields);
  }

  /** Every difference at once: which files, which tiles, which slide rows (a flake says all). */
  private static void assertSameBytes(Outputs actual) {
    assertThat(actual.masks().keySet()).isEqualTo(inOneJvm.masks().keySet());
    assertThat(actual.masks().keySet().stream().filter(f -> !f.contains(".ome.zarr/")))
        .as("TIFFs and previews")
        .hasSize(6);
    assertThat(actual.masks().keySet().stream().filter(f -> f.contains(".ome.zarr/")))
        .as("OME-Zarr files")
        .hasSizeGreaterThan(6);
    List<String> differing =
        inOneJvm.masks().entrySet().stream()
            .filter(e -> !Arrays.equals(actual.masks().get(e.getKey()), e.getValue()))
            .map(
                e ->
                    e.getKey()
                        + " ("
                        + actual.masks().get(e.getKey()).length
                        + " bytes, not "
                        + e.getValue().length
                        + ")")
            .toList();
    SoftAssertions.assertSoftly(
        soft -> {
          soft.assertThat(differing).as("files whose bytes differ from one JVM's").isEmpty();
          soft.assertThat(actual.tiles()).as("tile rows").isEqualTo(inOneJvm.tiles());
          soft.assertThat(actual.slides()).as("slide rows").isEqualTo(inOneJvm.slides());
        });
  }

  @Test
  void twoExecutorJvmsWriteTheSameBytesAsOneWithOneModelEach() throws Exception {
    Path out = dir.resolve("cluster");
    Outputs outputs = run(cluster, out);
    assertSameBytes(outputs);

    List<String> devices =
        cluster.read().parquet(out.resolve("slides").toString()).collectAsList().stream()
            .flatMap(r -> r.<String>getList(r.fieldIndex("devices")).stream())
            .distinct()
            .sorted()
            .toList();
    assertThat(devices).containsExactly("executor 0: cpu", "executor 1: cpu");
    Map<Path, Long> loads =
        TestCluster.executorLogs(cluster)
            .collect(Collectors.toMap(p -> p, SeparateExecutorsIT::modelLoads));
    assertThat(loads.values()).as("one model per executor JVM: " + loads).containsOnly(1L);
    assertThat(loads).hasSize(2);
  }

  private static long modelLoads(Path stderr) {
    try (var lines = Files.lines(stderr)) {
      return lines.filter(l -> l.contains("loaded model")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void tasksThatFailHalfWayAndAreRetriedChangeNoByte() throws Exception {
    for (FaultInjection fault : FaultInjection.values()) {
      var conf = cluster.sparkContext().hadoopConfiguration();
      conf.set(FaultInjection.KEY, fault.name());
      try {
        assertSameBytes(run(cluster, dir.resolve("fault-" + fault)));
      } finally {
        conf.unset(FaultInjection.KEY);
      }
      try (var files = Files.walk(dir.resolve("fault-" + fault))) {
        assertThat(files.map(Path::toString))
            .as(fault + ": no partial or temporary files")
            .noneMatch(
                f ->
                    f.contains("_temporary")
                        || f.contains("inprogress")
                        || f.contains(".spark-staging"));
      }
    }
  }

  @Test
  void anExecutorKilledMidRunChangesNoByte() throws Exception {
    var run =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return run(cluster, dir.resolve("killed"));
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    long victim = 0;
    var tracker = cluster.sparkContext().statusTracker();
    while (victim == 0 && !run.isDone()) {
      boolean tasksRunning = false;
      for (int stage : tracker.getActiveStageIds()) {
        var info = tracker.getStageInfo(stage);
        tasksRunning |= info.isDefined() && info.get().numActiveTasks() > 0;
      }
      if (tasksRunning) {
        victim = liveExecutorPids().stream().findFirst().orElse(0L);
      }
      Thread.sleep(200);
    }
    assertThat(victim).as("an executor was found running tasks").isPositive();
    assertThat(ProcessHandle.of(victim).map(ProcessHandle::destroyForcibly)).contains(true);
    assertSameBytes(run.get(10, java.util.concurrent.TimeUnit.MINUTES));
  }

  /** Executor JVMs of this application that are alive, from their "loaded model" lines. */
  private static List<Long> liveExecutorPids() throws Exception {
    var pid = java.util.regex.Pattern.compile("loaded model .* in JVM (\\d+)");
    List<Long> pids = new ArrayList<>();
    for (Path log : TestCluster.executorLogs(cluster).toList()) {
      for (String line : Files.readAllLines(log)) {
        var m = pid.matcher(line);
        if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
          pids.add(Long.parseLong(m.group(1)));
        }
      }
    }
    return pids;
  }
}
