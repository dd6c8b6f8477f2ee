package org.slideseg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestHdfs;
import org.slideseg.jobs.segment.TestS3;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * The local launcher (bin/slideseg) as a user or a scheduler runs it, as a separate process:
 * against an S3 server with settings from a spark-defaults file, and killed mid-run, then run
 * again.
 */
class LauncherTest {
  @RegisterExtension static final TestS3 S3 = new TestS3("launch");
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[1]");
  @RegisterExtension static final TestHdfs HDFS = new TestHdfs();

  @TempDir Path dir;

  private FileSystem s3() throws IOException {
    return new org.apache.hadoop.fs.Path(S3.uri(""))
        .getFileSystem(S3.configure(new Configuration()));
  }

  /**
   * Starts bin/slideseg with S3 settings in a spark-defaults file and {@code javaOptions} added to
   * the JVM's; output goes to a log file.
   */
  private Process launch(List<String> args, Path log, String... javaOptions) throws IOException {
    Path defaults =
        Files.writeString(
            dir.resolve("spark-defaults.conf"),
            "# S3 settings, as in conf/spark-defaults.cluster.conf\n"
                + S3.settings().entrySet().stream()
                    .map(e -> "spark.hadoop." + e.getKey() + "  " + e.getValue())
                    .collect(Collectors.joining("\n"))
                + "\n");
    List<String> command = new ArrayList<>(List.of("bin/slideseg", "segment"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("SLIDESEG_SPARK_DEFAULTS", defaults.toString());
    pb.environment().put("SLIDESEG_JAVA_OPTS", "-Xmx2g " + String.join(" ", javaOptions));
    return pb.start();
  }

  private static String finish(Process p, Path log) throws Exception {
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return Files.readString(log);
  }

  @Test
  void segmentsFromAndIntoS3WithSettingsFromASparkDefaultsFile() throws Exception {
    FileSystem s3 = s3();
    Path png = dir.resolve("scan.png");
    ImageIO.write(TestSlides.crop("image", 20, 0, 0, 200, 180), "png", png.toFile());
    S3.put(s3, png, "in/scan.png");
    uploadModel(s3, "model");
    Path log = dir.resolve("run.log");
    Process p =
        launch(
            List.of(
                "--input",
                S3.uri("in/"),
                "--model",
                S3.uri("model"),
                "--out",
                S3.uri("out"),
                "--master",
                "local[2]",
                "--preview-size",
                "64"),
            log);
    String printed = finish(p, log);

    assertThat(p.exitValue()).as(printed).isZero();
    assertThat(printed).contains("1 OK, 0 FAILED").doesNotContain(TestS3.SECRET_KEY);
    assertThat(s3.exists(new org.apache.hadoop.fs.Path(S3.uri("out/_SUCCESS")))).isTrue();
    assertThat(s3.listStatus(new org.apache.hadoop.fs.Path(S3.uri("out/masks"))))
        .extracting(st -> st.getPath().getName())
        .anyMatch(n -> n.matches("scan-[0-9a-f]{12}\\.tif"));
  }

  private void uploadModel(FileSystem s3, String key) throws IOException {
    Path model = TestSlides.smallWindowModel(dir.resolve("model-" + key.replace('/', '-')));
    S3.put(s3, model.resolve("model.json"), key + "/model.json");
    S3.put(s3, model.resolve("model.pt"), key + "/model.pt");
  }

  @Test
  void aCpuWhereTheEngineComputesWrongStopsTheRunBeforeAnySlideWithExit2() throws Exception {
    Path in = slidesIn();
    Path model = TestSlides.smallWindowModel(dir.resolve("model"));
    Path out = dir.resolve("out");
    Path log = dir.resolve("wrong-engine.log");
    List<String> args =
        List.of("--input", in.toString(), "--model", model.toString(), "--out", out.toString());

    Process p = launch(args, log, "-Dslideseg.test.engine-fault=always");
    String printed = finish(p, log);

    assertThat(p.exitValue()).as(printed).isEqualTo(2);
    assertThat(printed)
        .contains("slideseg: PyTorch computes wrong convolutions on this CPU")
        .contains(": with oneDNN off, ")
        .contains(" kernels wrong here (")
        .contains("No model can run here: run on another CPU");
    if (Files.exists(out)) {
      try (var written = Files.walk(out)) {
        assertThat(written.map(Path::toString)).noneMatch(f -> f.endsWith(".tif"));
      }
    }
  }

  @Test
  void aDriverKilledMidRunIsFinishedByTheNextRunOnLocalFiles() throws Exception {
    Path out = dir.resolve("out");
    killedThenRerun(
        slidesIn().toString(),
        TestSlides.smallWindowModel(dir.resolve("model")).toString(),
        out.toString(),
        holdsRecords(FileSystem.getLocal(new Configuration()), out.resolve("_done").toString()));
  }

  @Test
  void aDriverKilledMidRunIsFinishedByTheNextRunOnS3() throws Exception {
    FileSystem s3 = s3();
    Path in = Files.createDirectories(dir.resolve("in"));
    for (Path slide : writeSlides(in)) {
      S3.put(s3, slide, "killed/in/" + slide.getFileName());
    }
    uploadModel(s3, "killed/model");
    killedThenRerun(
        S3.uri("killed/in/"),
        S3.uri("killed/model"),
        S3.uri("killed/out"),
        holdsRecords(s3, S3.uri("killed/out/_done")));
  }

  @Test
  void aDriverKilledMidRunIsFinishedByTheNextRunOnHdfs() throws Exception {
    HDFS.put(slidesIn(), "killed/in");
    HDFS.put(TestSlides.smallWindowModel(dir.resolve("model")), "killed/model");
    killedThenRerun(
        HDFS.uri("killed/in"),
        HDFS.uri("killed/model"),
        HDFS.uri("killed/out"),
        holdsRecords(HDFS.fileSystem(), HDFS.uri("killed/out/_done")));
  }

  /**
   * Whether {@code folder} on {@code fs} holds a finished slide record, asked afresh on each call.
   * A record being written is not one: HDFS lists its hidden temporary file from its creation on,
   * and a driver killed then leaves no slide finished.
   */
  private static BooleanSupplier holdsRecords(FileSystem fs, String folder) {
    var path = new org.apache.hadoop.fs.Path(folder);
    return () -> {
      try {
        return fs.exists(path)
            && Arrays.stream(fs.listStatus(path))
                .map(f -> f.getPath().getName())
                .anyMatch(n -> n.endsWith(".json") && !n.startsWith("."));
      } catch (IOException e) {
        return false;
      }
    };
  }

  /**
   * Kills the launcher once a slide is finished, runs it again, and checks that the second run
   * reused what the first finished, did the rest, and left exactly one tile per window.
   */
  private void killedThenRerun(String in, String model, String out, BooleanSupplier oneSlideDone)
      throws Exception {
    List<String> args =
        List.of(
            "--input",
            in,
            "--model",
            model,
            "--out",
            out,
            "--master",
            "local[1]",
            "--windows-per-task",
            "2",
            "--preview-size",
            "64");
    Path firstLog = dir.resolve("first.log");
    Process first = launch(append(args, "--run-id", "first"), firstLog);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (!oneSlideDone.getAsBoolean() && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(first.isAlive()).as(Files.readString(firstLog)).isTrue();
    first.destroyForcibly().waitFor();

    Path secondLog = dir.resolve("second.log");
    Process second = launch(append(args, "--run-id", "second"), secondLog);
    String printed = finish(second, secondLog);
    assertThat(second.exitValue()).as(printed).isZero();

    SparkSession spark = SPARK.session();
    S3.configure(spark.sparkContext().hadoopConfiguration());
    Map<String, String> runs =
        spark.read().parquet(out + "/slides").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("slide_id"), r -> r.getAs("run_id")));
    assertThat(runs).hasSize(3);
    assertThat(runs.values()).as("finished slides are not redone").contains("first", "second");
    List<Row> tiles = spark.read().parquet(out + "/tiles").collectAsList();
    assertThat(tiles).hasSize(3 * 9);
    assertThat(
            tiles.stream().map(r -> r.getAs("slide_id") + " " + r.getAs("x") + "," + r.getAs("y")))
        .as("no duplicate tile rows")
        .doesNotHaveDuplicates();
    for (Row t : tiles) {
      assertThat(t.<String>getAs("run_id")).isEqualTo(runs.get(t.<String>getAs("slide_id")));
    }
  }

  @Test
  void theJvmGetsTheLaunchersOptionsUnlessTheUserGivesOthers() throws Exception {
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    boolean madvise = Files.isReadable(thp) && Files.readString(thp).contains("[madvise]");

    String launched = jvmFlags("-XX:+PrintFlagsFinal");
    String overridden =
        jvmFlags("-XX:+PrintFlagsFinal -XX:InlineSmallCode=2500 -XX:-UseTransparentHugePages");

    assertThat(launched).containsPattern("InlineSmallCode +:?= 500 ");
    assertThat(launched)
        .as("huge pages asked for where the kernel's mode is madvise")
        .containsPattern("UseTransparentHugePages +:?= " + madvise + " ");
    assertThat(overridden)
        .containsPattern("InlineSmallCode +:?= 2500 ")
        .containsPattern("UseTransparentHugePages +:?= false ");
  }

  /** What bin/slideseg --help prints with SLIDESEG_JAVA_OPTS set to {@code javaOptions}. */
  private String jvmFlags(String javaOptions) throws Exception {
    Path log = dir.resolve("flags.log");
    ProcessBuilder pb = new ProcessBuilder("bin/slideseg", "--help").redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("SLIDESEG_JAVA_OPTS", "-Xmx256m " + javaOptions);
    String printed = finish(pb.start(), log);
    assertThat(printed).contains("Usage: slideseg");
    return printed;
  }

  /** A folder {@code in} of three slides. */
  private Path slidesIn() throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    writeSlides(in);
    return in;
  }

  /** Three 400 x 360 EM crops: nine windows (3 x 3 kept tiles of 160) each. */
  private static List<Path> writeSlides(Path in) throws IOException {
    List<Path> slides = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path png = in.resolve("slide" + i + ".png");
      ImageIO.write(TestSlides.crop("image", 20 + i, 0, 0, 400, 360), "png", png.toFile());
      slides.add(png);
    }
    return slides;
  }

  private static List<String> append(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }
}
