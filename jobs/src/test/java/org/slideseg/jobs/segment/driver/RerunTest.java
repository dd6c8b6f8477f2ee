package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.FlakyFileSystem;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;
import org.slideseg.jobs.segment.outputs.Manifest;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.RunLock;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.SourceVersion;

/**
 * Re-runs into one output: one id per file however it is named, and every way a killed run can
 * leave an output (torn manifest, torn record, empty lock, staging leftovers, a partition deleted
 * but not replaced) is accepted by the next run and repaired. Real Spark and slides; faults are
 * made by editing the files as the kill left them, or by {@link FlakyFileSystem}.
 */
class RerunTest {
  @TempDir static Path dir;

  @RegisterExtension
  static final TestSpark SPARK =
      new TestSpark("local[2,2]", "fs.flaky.impl", FlakyFileSystem.class.getName());

  private static Path model;

  @BeforeAll
  static void start() throws Exception {
    model = TestSlides.smallWindowModel(dir.resolve("model"));
  }

  @AfterEach
  void noFaults() {
    FlakyFileSystem.FAILING_RENAMES.clear();
    FlakyFileSystem.FULL_FOLDERS.clear();
  }

  private static RunSummary run(String input, String out, String runId, String... more)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--run-id", runId, "--preview-size", "64"));
    args.addAll(List.of(more));
    return TestJob.run(SPARK.session(), input, model, out, args.toArray(String[]::new));
  }

  /** A folder with one 200 x 180 EM crop: one window of the small-window model. */
  private static Path oneSlide(String name) throws Exception {
    Path in = Files.createDirectories(dir.resolve(name).resolve("in"));
    ImageIO.write(
        TestSlides.crop("image", 20, 40, 60, 200, 180), "png", in.resolve("scan.png").toFile());
    return in;
  }

  private static List<Row> slides(Object out) {
    return SPARK.session().read().parquet(out + "/slides").collectAsList();
  }

  private static Map<String, Long> tileRowsPerSlide(Object out) {
    return SPARK.session().read().parquet(out + "/tiles").collectAsList().stream()
        .collect(Collectors.groupingBy(r -> r.<String>getAs("slide_id"), Collectors.counting()));
  }

  private static List<String> files(Path out) throws IOException {
    try (Stream<Path> all = Files.walk(out)) {
      return all.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).toList();
    }
  }

  @Test
  void aFileNamedByAGlobAndThenByItsFolderIsOneSlideDoneOnce() throws Exception {
    Path in = oneSlide("glob");
    Path out = dir.resolve("glob/out");
    run(in.resolve("*.png").toString(), out.toString(), "r1");
    Map<String, Long> once = tileRowsPerSlide(out);
    run(in.toString(), out.toString(), "r2");
    run(in.resolve("scan.png").toUri().toString(), out.toString(), "r3");

    assertThat(slides(out))
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("run_id")).isEqualTo("r1"));
    assertThat(tileRowsPerSlide(out)).isEqualTo(once).hasSize(1);
    try (Stream<Path> masks = Files.list(out.resolve("masks"))) {
      assertThat(masks.filter(p -> p.toString().endsWith(".tif"))).hasSize(1);
    }
  }

  @Test
  void aSlideAnOlderVersionWroteUnderAnotherIdIsReplacedNotDuplicated() throws Exception {
    Path in = oneSlide("legacy");
    Path out = dir.resolve("legacy/out");
    run(in.toString(), out.toString(), "r1");
    SlideRef ref = SlideRef.of(in.resolve("scan.png").toUri(), new SourceVersion(0, 0, ""));
    String old = ref.legacyIds().get(0);
    renameSlide(out, ref.slideId(), old);

    run(in.toString(), out.toString(), "r2");

    assertThat(slides(out))
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("slide_id")).isEqualTo(ref.slideId()));
    assertThat(tileRowsPerSlide(out)).containsOnlyKeys(ref.slideId());
    assertThat(files(out)).noneMatch(f -> f.contains(old));
  }

  /** Moves a slide's outputs to the id {@code old}, as slideseg 0.1 wrote them for a glob match. */
  private static void renameSlide(Path out, String id, String old) throws IOException {
    try (Stream<Path> crc = Files.walk(out)) {
      for (Path f : crc.filter(p -> p.toString().endsWith(".crc")).toList()) {
        Files.delete(f);
      }
    }
    for (String table : List.of("tiles", "slides")) {
      Files.move(out.resolve(table + "/slide_id=" + id), out.resolve(table + "/slide_id=" + old));
    }
    for (String suffix : List.of(".tif", ".preview.png")) {
      Files.move(out.resolve("masks/" + id + suffix), out.resolve("masks/" + old + suffix));
    }
    Path record = out.resolve("_done/" + id + ".json");
    Files.writeString(
        out.resolve("_done/" + old + ".json"), Files.readString(record).replace(id, old));
    Files.delete(record);
  }

  @Test
  void aManifestLeftEmptyOrTornByAKilledWriterIsOursAndReplaced() throws Exception {
    Path in = oneSlide("manifest");
    Path out = dir.resolve("manifest/out");
    run(in.toString(), out.toString(), "r1");
    Path manifest = out.resolve("_manifest.json");
    assertThat(Files.readString(manifest)).startsWith(Manifest.START);

    Files.write(manifest, new byte[0]); // killed between create and the first write
    run(in.toString(), out.toString(), "r2");
    byte[] whole = Files.readAllBytes(manifest);
    // killed mid-write by a version that wrote in place: a prefix, and a checksum of the whole
    Files.write(manifest, java.util.Arrays.copyOf(whole, 40));
    run(in.toString(), out.toString(), "r3");

    assertThat(Files.readString(manifest))
        .startsWith(Manifest.START)
        .contains("\"run_id\": \"r3\"");
  }

  @Test
  void aCompletionRecordThatFailsItsChecksumMeansNotDone() throws Exception {
    Path in = oneSlide("record");
    Path out = dir.resolve("record/out");
    run(in.toString(), out.toString(), "r1");
    Path record;
    try (Stream<Path> done = Files.list(out.resolve("_done"))) {
      record = done.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length / 2] ^= 0x20; // its .crc still describes the bytes before
    Files.write(record, bytes);

    run(in.toString(), out.toString(), "r2");

    assertThat(slides(out))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs("run_id")).isEqualTo("r2");
              assertThat(r.<String>getAs("status")).isEqualTo("OK");
            });
  }

  @Test
  void anEmptyLockLeftByARunKilledAtItsCreationIsTakenOverAtOnce() throws Exception {
    Path in = oneSlide("lock");
    Path out = dir.resolve("lock/out");
    Path lock = Files.createDirectories(out.resolve("_lock")).resolve("1.json");
    Files.write(lock, new byte[0]);
    assertThatThrownBy(() -> run(in.toString(), out.toString(), "r0"))
        .as("a lock created this instant may be a live run's, not yet written")
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("in use by another run");

    Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
    assertThat(run(in.toString(), out.toString(), "r1").failures()).isEmpty();
    assertThat(out.resolve("_lock")).isEmptyDirectory();
  }

  @Test
  void aBusyOutputIsRefusedBeforeTheModelIsLoaded() throws Exception {
    Path in = oneSlide("busy");
    Path out = Files.createDirectories(dir.resolve("busy/out"));
    Path broken = Files.createDirectories(dir.resolve("busy/model"));
    Files.copy(model.resolve("model.json"), broken.resolve("model.json"));
    Files.writeString(broken.resolve("model.pt"), "not a TorchScript file");
    OutputLayout layout = new OutputLayout(out.toUri().toString());
    try (RunLock other = RunLock.acquire(layout, "other-run", new Configuration())) {
      assertThatThrownBy(() -> TestJob.run(SPARK.session(), in.toString(), broken, out))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("in use by another run")
          .hasMessageNotContaining("model.pt");
    }
  }

  /**
   * A whole-file write's temporary file, named as this version names them (with its writer's
   * digits, so that two attempts of a task never share one) or as earlier versions did: slideseg's
   * own, so the output is not refused for it, and removed.
   */
  @Test
  void tornWholeFileWritesOfEitherNamingAreOursAndRemoved() throws Exception {
    Path in = oneSlide("torn");
    Path out = dir.resolve("torn/out");
    run(in.toString(), out.toString(), "r1");
    Path current =
        Files.writeString(
            out.resolve("masks/.scan-0123456789ab.tif.00c0ffee0042.inprogress"), "half");
    // Hadoop's local file system gives a hidden file a hidden checksum file: two leading dots.
    Path currentsChecksum =
        Files.write(
            out.resolve("masks/..scan-0123456789ab.tif.00c0ffee0042.inprogress.crc"), new byte[12]);
    Path earlier = Files.writeString(out.resolve("_done/.scan-0123456789ab.json.inprogress"), "{");

    assertThat(run(in.toString(), out.toString(), "r2").failures()).isEmpty();

    assertThat(current).doesNotExist();
    assertThat(currentsChecksum).doesNotExist();
    assertThat(earlier).doesNotExist();
  }

  @Test
  void leftoversOfKilledRunsAreRemovedAndNothingElse() throws Exception {
    Path in = oneSlide("leftovers");
    Path out = dir.resolve("leftovers/out");
    run(in.toString(), out.toString(), "r1");
    Path staging =
        Files.createDirectories(out.resolve("tiles/.spark-staging-0c1d/slide_id=x-0123456789ab"));
    Files.write(staging.resolve("part-00000.parquet"), new byte[1000]);
    Files.createDirectories(out.resolve("slides/_temporary/0"));
    Path torn = Files.writeString(out.resolve("masks/.scan-0123456789ab.tif.inprogress"), "half");
    Path mine = Files.writeString(out.resolve("notes.txt"), "the user's own notes");
    long dead = deadPid();
    Path orphan =
        Files.writeString(
            Path.of(System.getProperty("java.io.tmpdir"), "slideseg-" + dead + "-scan-1.tif"),
            "half a mask");
    Files.setLastModifiedTime(orphan, FileTime.fromMillis(System.currentTimeMillis() - 120_000));

    run(in.toString(), out.toString(), "r2", "--force");

    assertThat(out.resolve("tiles/.spark-staging-0c1d")).doesNotExist();
    assertThat(out.resolve("slides/_temporary")).doesNotExist();
    assertThat(torn).doesNotExist();
    assertThat(orphan).as("a temporary mask of a killed JVM").doesNotExist();
    assertThat(mine).hasContent("the user's own notes");
    try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(temp.map(p -> p.getFileName().toString()))
          .as("this JVM's temporary masks are gone with their tasks")
          .noneMatch(
              n ->
                  n.startsWith("slideseg-" + ProcessHandle.current().pid() + "-")
                      // slides staged for OpenSlide are kept for the JVM's later readers
                      && !n.startsWith("slideseg-" + ProcessHandle.current().pid() + "-staged-"));
    }
  }

  private static long deadPid() {
    long pid = 4_000_000;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    return pid;
  }

  @Test
  void aSlideWhoseTileRowsAKilledCommitDeletedIsSegmentedAgain() throws Exception {
    Path in = oneSlide("commit");
    String out = "flaky://" + dir.resolve("commit/out");
    run(in.toString(), out, "r1");
    Map<String, Long> once = tileRowsPerSlide(out);
    // Spark's dynamic overwrite deletes the slide's partition, then renames the new one in:
    // a run killed between the two leaves the slide's record and no tile rows.
    FlakyFileSystem.FAILING_RENAMES.add("slide_id=");
    assertThatThrownBy(() -> run(in.toString(), out, "r2", "--force"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("writing " + out.replace("flaky://", "flaky:") + "/tiles failed");
    FlakyFileSystem.FAILING_RENAMES.clear();
    assertThat(dir.resolve("commit/out/tiles")).isDirectoryNotContaining("glob:**/slide_id=*");

    run(in.toString(), out, "r3");

    assertThat(slides(out))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.<String>getAs("run_id")).isEqualTo("r3");
              assertThat(r.<String>getAs("status")).isEqualTo("OK");
            });
    assertThat(tileRowsPerSlide(out)).isEqualTo(once);
  }

  @Test
  void aFullDiskNamesWhatWasBeingWritten() throws Exception {
    Path in = oneSlide("full");
    String out = "flaky://" + dir.resolve("full/out");
    FlakyFileSystem.FULL_FOLDERS.add("masks");

    RunSummary summary = run(in.toString(), out, "r1");

    assertThat(summary.failures().values())
        .singleElement()
        .asString()
        .contains("/full/out/masks/")
        .contains("No space left on device");
  }
}
