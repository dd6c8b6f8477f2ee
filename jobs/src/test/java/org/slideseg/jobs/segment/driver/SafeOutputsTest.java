package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.HostileTiff;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.RunLock;

/**
 * A scheduled job that runs unattended: it never touches what it did not write, never reports a
 * stale or another slide's result as OK, and refuses bad models and busy outputs before any Spark
 * work. Real Spark, real slides, the real bundled model.
 */
class SafeOutputsTest {
  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");
  private static Path model;

  @BeforeAll
  static void start() throws Exception {
    model = TestSlides.smallWindowModel(dir.resolve("model"));
  }

  private static RunSummary run(String input, Path out, String runId, String... more)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--run-id", runId, "--preview-size", "64"));
    args.addAll(List.of(more));
    return TestJob.run(SPARK.session(), input, model, out, args.toArray(String[]::new));
  }

  /** A 200 x 180 EM crop as PNG: one window of the small-window model. */
  private static Path slide(Path file, int slice) throws Exception {
    Files.createDirectories(file.getParent());
    ImageIO.write(TestSlides.crop("image", slice, 40, 60, 200, 180), "png", file.toFile());
    return file;
  }

  private static Map<String, Row> slides(Path out) {
    return SPARK.session().read().parquet(out.resolve("slides").toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("uri").toString(), r -> r));
  }

  private static Row only(Path out) {
    return slides(out).values().iterator().next();
  }

  @Test
  void anOutputHoldingTheUsersFilesIsRefusedAndLeftAsItWas() throws Exception {
    Path proj = dir.resolve("proj");
    Path scan = slide(proj.resolve("slides/scan.png"), 20);
    byte[] before = Files.readAllBytes(scan);
    assertThatThrownBy(() -> run(scan.toString(), proj, "r1"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--out")
        .hasMessageContaining("slides/scan.png")
        .hasMessageContaining("did not write");
    assertThat(Files.readAllBytes(scan)).isEqualTo(before);
    try (var files = Files.list(proj)) {
      assertThat(files).containsExactly(proj.resolve("slides"));
    }
  }

  @Test
  void anOutThatIsAFileIsAUsageError() throws Exception {
    Path scan = slide(dir.resolve("file-out/in/a.png"), 21);
    Path file = Files.writeString(dir.resolve("file-out/results"), "mine");
    assertThatThrownBy(() -> run(scan.toString(), file, "r1"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is a file");
    assertThat(Files.readString(file)).isEqualTo("mine");
  }

  @Test
  void aReplacedSlideIsSegmentedAgainAndAFailedOneNeverComesBackOk() throws Exception {
    Path scan = slide(dir.resolve("replaced/in/scan.png"), 20);
    Path out = dir.resolve("replaced/out");
    run(scan.toString(), out, "r1");
    byte[] original = Files.readAllBytes(scan);
    FileTime originalTime = Files.getLastModifiedTime(scan);
    String id = only(out).getAs("slide_id");
    byte[] firstMask = Files.readAllBytes(out.resolve("masks/" + id + ".tif"));

    slide(scan, 23); // another image under the same name
    run(scan.toString(), out, "r2");
    assertThat(only(out).<String>getAs("run_id")).as("not reused").isEqualTo("r2");
    assertThat(Files.readAllBytes(out.resolve("masks/" + id + ".tif"))).isNotEqualTo(firstMask);

    Files.writeString(scan, "garbage now");
    RunSummary failed = run(scan.toString(), out, "r3");
    assertThat(failed.failures()).containsOnlyKeys(id);
    assertThat(only(out).<String>getAs("status")).isEqualTo("FAILED");
    assertThat(out.resolve("masks/" + id + ".tif")).doesNotExist();
    assertThat(out.resolve("tiles/slide_id=" + id)).doesNotExist();

    // The first version back, byte for byte and with its old time: segmented again, not reused.
    Files.write(scan, original);
    Files.setLastModifiedTime(scan, originalTime);
    run(scan.toString(), out, "r4");
    assertThat(only(out).<String>getAs("status")).isEqualTo("OK");
    assertThat(only(out).<String>getAs("run_id")).isEqualTo("r4");
    assertThat(Files.readAllBytes(out.resolve("masks/" + id + ".tif"))).isEqualTo(firstMask);
  }

  @Test
  void forceRedoesASlideThatWouldBeReused() throws Exception {
    Path scan = slide(dir.resolve("force/in/scan.png"), 22);
    Path out = dir.resolve("force/out");
    run(scan.toString(), out, "r1");
    long tiles = SPARK.session().read().parquet(out.resolve("tiles").toString()).count();
    run(scan.toString(), out, "r2");
    assertThat(only(out).<String>getAs("run_id")).as("reused").isEqualTo("r1");
    run(scan.toString(), out, "r3", "--force");
    assertThat(only(out).<String>getAs("run_id")).isEqualTo("r3");
    var redone = SPARK.session().read().parquet(out.resolve("tiles").toString());
    assertThat(redone.count()).isEqualTo(tiles);
    assertThat(redone.select("run_id").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("r3");
  }

  @Test
  void sameNamesFromTwoFoldersInTwoRunsKeepTheirOwnOutputsAndRows() throws Exception {
    Path a = slide(dir.resolve("two/dirA/same.png"), 20);
    Path b = slide(dir.resolve("two/dirB/same.png"), 24);
    Path emoji = slide(dir.resolve("two/dirB/\uD83E\uDDEB.png"), 21);
    Path out = dir.resolve("two/out");
    run(a.toString(), out, "r1");
    run(dir.resolve("two/dirB").toString(), out, "r2");

    Map<String, Row> rows = slides(out);
    assertThat(rows).hasSize(3);
    Set<String> ids = new HashSet<>();
    for (Row r : rows.values()) {
      assertThat(r.<String>getAs("status")).isEqualTo("OK");
      ids.add(r.getAs("slide_id"));
      assertThat(out.resolve("masks/" + r.getAs("slide_id") + ".tif")).exists();
    }
    assertThat(ids).hasSize(3);
    assertThat(rows.entrySet())
        .filteredOn(e -> e.getKey().endsWith("dirA/same.png"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue().<String>getAs("run_id")).isEqualTo("r1"));
    assertThat(emoji).exists();
  }

  @Test
  void numericSlideNamesStayDistinctStringsForSparkReaders() throws Exception {
    Path in = dir.resolve("numeric/in");
    slide(in.resolve("001.png"), 20);
    slide(in.resolve("1.png"), 21);
    Path out = dir.resolve("numeric/out");
    run(in.toString(), out, "r1");
    var tiles = SPARK.session().read().parquet(out.resolve("tiles").toString());
    assertThat(tiles.schema().apply("slide_id").dataType()).isEqualTo(DataTypes.StringType);
    tiles.createOrReplaceTempView("numeric_tiles");
    assertThat(
            SPARK
                .session()
                .sql("SELECT slide_id, count(*) FROM numeric_tiles GROUP BY slide_id")
                .collectAsList())
        .hasSize(2);
    var table = SPARK.session().read().parquet(out.resolve("slides").toString());
    assertThat(table.schema().apply("slide_id").dataType()).isEqualTo(DataTypes.StringType);
  }

  @Test
  void aSecondRunIntoAnOutputInUseIsRefusedWithItsHolder() throws Exception {
    Path scan = slide(dir.resolve("busy/in/scan.png"), 20);
    Path out = Files.createDirectories(dir.resolve("busy/out"));
    OutputLayout layout = new OutputLayout(out.toUri().toString());
    try (RunLock other = RunLock.acquire(layout, "other-run", new Configuration())) {
      assertThatThrownBy(() -> run(scan.toString(), out, "r1"))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("in use by another run")
          .hasMessageContaining("other-run");
    }
    assertThat(run(scan.toString(), out, "r2").failures()).isEmpty();
  }

  @Test
  void theLockOfARunThatDiedIsTakenOver() throws Exception {
    Path out = Files.createDirectories(dir.resolve("stale"));
    OutputLayout layout = new OutputLayout(out.toUri().toString());
    RunLock dead = RunLock.acquire(layout, "dead-run", new Configuration());
    Path lockFile = out.resolve("_lock/1.json");
    long longAgo = System.currentTimeMillis() - RunLock.STALE_AFTER.toMillis() - 60_000;
    Files.setLastModifiedTime(lockFile, FileTime.fromMillis(longAgo));
    try (RunLock next = RunLock.acquire(layout, "next-run", new Configuration())) {
      assertThat(out.resolve("_lock/2.json")).exists();
      assertThatThrownBy(dead::checkHeld).hasMessageContaining("lost the lock");
      next.checkHeld();
    }
  }

  @Test
  void aGpuThatCannotBeUsedStopsTheRunBeforeAnySlideNamingTheLibtorch() throws Exception {
    Path scan = slide(dir.resolve("gpu/in/scan.png"), 20);
    Path out = dir.resolve("gpu/out");
    assertThatThrownBy(() -> run(scan.toString(), out, "r1", "--device", "gpu"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no CUDA GPU is usable for --device gpu")
        .hasMessageContaining("libtorch");
    assertThat(out).doesNotExist();
  }

  @Test
  void halfPrecisionEmulatedOnTheCpuGivesNearlyTheSameMask() throws Exception {
    Path in = Files.createDirectories(dir.resolve("fp16/in"));
    ImageIO.write(
        TestSlides.crop("image", 22, 0, 0, 500, 420), "png", in.resolve("em.png").toFile());
    Path npz = TestSlides.smallWindowJavaModel(dir.resolve("fp16/model"));
    byte[] single = mask(in, npz, dir.resolve("fp16/fp32"), "fp32");
    byte[] half = mask(in, npz, dir.resolve("fp16/fp16"), "fp16");
    long differ = 0;
    for (int p = 0; p < single.length; p++) {
      differ += single[p] != half[p] ? 1 : 0;
    }
    System.out.printf(
        "fp16 (CPU-emulated) vs fp32: %d of %d mask pixels differ (%.3f %%)%n",
        differ, single.length, 100.0 * differ / single.length);
    assertThat((double) differ / single.length).isLessThan(0.01);
    assertThatThrownBy(() -> run(in.toString(), dir.resolve("fp16/ts"), "r", "--precision", "fp16"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--precision fp16 needs a model of format npz");
  }

  /** The labels of the one slide in {@code in}, segmented with {@code model} at a precision. */
  private static byte[] mask(Path in, Path model, Path out, String precision) throws Exception {
    assertThat(
            TestJob.run(SPARK.session(), in.toString(), model, out, "--precision", precision)
                .failures())
        .isEmpty();
    Row row = only(out);
    try (var reader =
        org.slideseg.common.slide.SlideReaders.openLabels(
            java.net.URI.create(row.getAs("mask_uri")), new Configuration())) {
      var level = reader.pyramid().level(0);
      return reader
          .readRegion(
              org.slideseg.common.slide.RegionRequest.of(0, 0, 0, level.width(), level.height()))
          .pixels();
    }
  }

  @Test
  void runIdsDifferEvenWithinOneSecond() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(RunIds.next());
    }
    assertThat(ids).hasSize(1000);
  }

  @Test
  void aHostileHeaderFailsAtInspectionWhileGoodSlidesFinish() throws Exception {
    Path in = dir.resolve("hostile/in");
    slide(in.resolve("good.png"), 20);
    Files.createDirectories(in);
    Files.write(in.resolve("million.tif"), HostileTiff.claimingAMillionSquarePixels());
    Path out = dir.resolve("hostile/out");
    RunSummary summary = run(in.toString(), out, "r1");
    assertThat(summary.failures()).hasSize(1);
    String error = summary.failures().values().iterator().next();
    assertThat(error).contains("million.tif").contains("1000000 x 1000000").contains("inspecting");
    assertThat(slides(out).values())
        .extracting(r -> r.<String>getAs("status"))
        .containsExactlyInAnyOrder("OK", "FAILED");
  }

  @Test
  void modelErrorsAreUsageErrorsNamingTheFileAndFieldBeforeAnySparkWork() throws Exception {
    Path scan = slide(dir.resolve("models/in/scan.png"), 20);
    assertModelRefused("corrupt-pt", json -> json, "model.pt", "cannot be loaded");
    assertModelRefused(
        "wrong-output",
        json -> json.replace("\"outputTile\": 164", "\"outputTile\": 180"),
        "model.json",
        "field \"outputTile\" is 180, but the network returns 164 x 164");
    assertModelRefused(
        "three-classes",
        json ->
            json.replace("[\"cell\", \"membrane\"]", "[\"cell\", \"membrane\", \"x\"]")
                .replace(
                    "[\"#00000000\", \"#ff2020\"]", "[\"#00000000\", \"#ff2020\", \"#00ff00\"]"),
        "model.json",
        "classes");
    assertModelRefused(
        "three-channels",
        json ->
            json.replace("\"inputChannels\": 1", "\"inputChannels\": 3")
                .replace(
                    "\"mean\": [0.5], \"std\": [0.25]",
                    "\"mean\": [0.5, 0.5, 0.5], \"std\": [0.25, 0.25, 0.25]"),
        "model.json",
        "inputChannels");
    assertThat(scan).exists();
  }

  private static void assertModelRefused(
      String name, java.util.function.UnaryOperator<String> edit, String file, String field)
      throws Exception {
    Path bad = TestSlides.smallWindowModel(dir.resolve("models/" + name));
    Files.writeString(
        bad.resolve("model.json"), edit.apply(Files.readString(bad.resolve("model.json"))));
    if (name.equals("corrupt-pt")) {
      byte[] pt = Files.readAllBytes(bad.resolve("model.pt"));
      Files.write(bad.resolve("model.pt"), java.util.Arrays.copyOf(pt, pt.length / 2));
    }
    Path out = dir.resolve("models/out-" + name);
    List<String> args =
        List.of(
            "--input",
            dir.resolve("models/in").toString(),
            "--model",
            bad.toString(),
            "--out",
            out.toString());
    assertThatThrownBy(() -> new SegmentJob(SPARK.session(), SegmentOptions.parse(args)).run())
        .as(name)
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(bad.resolve(file).toString().replace("/" + file, ""))
        .hasMessageContaining(file)
        .hasMessageContaining(field);
    assertThat(out).as("nothing written for " + name).doesNotExist();
  }
}
