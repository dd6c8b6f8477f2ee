package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.mask.MaskPng;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.SlideRow;
import org.slideseg.jobs.segment.outputs.SlidesTable;
import org.slideseg.jobs.segment.outputs.TilesTable;

/** The whole job on a real local Spark, real slides and the real bundled model. */
class SegmentJobTest {
  private static final int W = 500;
  private static final int H = 420;

  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");
  private static Path model;
  private static Path inputs;
  private static BufferedImage goodLabels;
  private static Path out;
  private static RunSummary summary;

  @BeforeAll
  static void runJobOnce() throws Exception {
    model = TestSlides.smallWindowModel(dir.resolve("model"));
    inputs = Files.createDirectories(dir.resolve("in"));
    TestSlides.vipsSlide(
        TestSlides.crop("image", 21, 6, 40, W, H), inputs.resolve("good slide#1.tif"), "jpeg");
    goodLabels = TestSlides.crop("label", 21, 6, 40, W, H);
    ImageIO.write(
        TestSlides.crop("image", 23, 0, 0, 300, 200), "png", inputs.resolve("small.png").toFile());
    Files.writeString(inputs.resolve("notes.tif"), "this is not a slide");
    TestSlides.vipsSlide(
        TestSlides.tinted(TestSlides.crop("image", 24, 0, 0, 330, 330)),
        inputs.resolve("tinted-rgb.tif"),
        "jpeg",
        "--xres",
        "2000", // pixels per mm: 0.5 µm per pixel
        "--yres",
        "2000");
    Path corrupt =
        TestSlides.vipsSlide(
            TestSlides.crop("image", 22, 0, 0, W, H), inputs.resolve("corrupt.tif"), "deflate");
    scrambleMiddle(corrupt);
    out = dir.resolve("out");
    summary = run(out, "run-1");
  }

  private static RunSummary run(Path output, String runId) throws Exception {
    return TestJob.run(
        SPARK.session(),
        inputs.toUri().toString(),
        model,
        output.toUri(),
        "--batch",
        "3",
        "--windows-per-task",
        "4",
        "--run-id",
        runId,
        "--preview-size",
        "200");
  }

  /**
   * Overwrites bytes in the middle of the file, where tile data lies; the directories stay intact.
   */
  private static void scrambleMiddle(Path file) throws Exception {
    try (var f = new RandomAccessFile(file.toFile(), "rw")) {
      long mid = f.length() / 2;
      f.seek(mid);
      byte[] junk = new byte[(int) Math.min(20_000, f.length() / 4)];
      java.util.Arrays.fill(junk, (byte) 0x5a);
      f.write(junk);
    }
  }

  /** The slides table of the first run, by file name without extension. */
  private static Map<String, Row> slidesTable() {
    return slidesByName(out);
  }

  static Map<String, Row> slidesByName(Path output) {
    return SPARK
        .session()
        .read()
        .parquet(output.resolve("slides").toString())
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> name(r.getAs("slide_id")), r -> r));
  }

  /** The readable part of a slide id: the id less its hash. */
  static String name(String slideId) {
    assertThat(slideId).matches(".+-[0-9a-f]{12}");
    return slideId.substring(0, slideId.length() - 13);
  }

  /** The id of the first run's slide with this name. */
  private static String id(String name) {
    return slidesTable().get(name).getAs("slide_id");
  }

  @Test
  void badSlidesFailAloneWithTheirReason() {
    Map<String, Row> slides = slidesTable();
    assertThat(slides.keySet())
        .containsExactlyInAnyOrder("good_slide_1", "small", "tinted-rgb", "notes", "corrupt");
    assertThat(slides.get("notes").<String>getAs("status")).isEqualTo("FAILED");
    assertThat(slides.get("notes").<String>getAs("error"))
        .contains("notes.tif")
        .contains("not a TIFF, PNG or JPEG");
    assertThat(slides.get("corrupt").<String>getAs("status")).isEqualTo("FAILED");
    assertThat(slides.get("corrupt").<String>getAs("error"))
        .contains("corrupt.tif")
        .contains("tile");
    assertThat(summary.failures()).containsOnlyKeys(id("notes"), id("corrupt"));
    assertThat(slides.get("good_slide_1").<String>getAs("status")).isEqualTo("OK");
    assertThat(slides.get("small").<String>getAs("status")).isEqualTo("OK");
  }

  @Test
  void slidesTableDescribesEachSlide() {
    Row good = slidesTable().get("good_slide_1");
    assertThat(good.<Integer>getAs("width")).isEqualTo(W);
    assertThat(good.<Integer>getAs("level")).isZero();
    assertThat(good.<Integer>getAs("tiles_total")).isEqualTo(4 * 3);
    List<Long> pixels = good.getList(good.fieldIndex("class_pixels"));
    assertThat(pixels.get(0) + pixels.get(1)).isEqualTo((long) W * H);
    assertThat(good.<Double>getList(good.fieldIndex("class_fraction")))
        .containsExactly((double) pixels.get(0) / (W * H), (double) pixels.get(1) / (W * H));
    assertThat(good.<String>getAs("mask_uri")).endsWith("masks/" + id("good_slide_1") + ".tif");
    assertThat(good.<String>getAs("run_id")).isEqualTo("run-1");
    assertThat(good.<Double>getAs("seconds")).isPositive();
    assertThat(good.<Double>getAs("mpp")).isNull(); // libvips's 72 dpi is no pixel size
    assertThat(good.isNullAt(good.fieldIndex("class_area_um2"))).isTrue();
    Row tinted = slidesTable().get("tinted-rgb");
    assertThat(tinted.<Double>getAs("mpp")).isCloseTo(0.5, within(1e-6));
    List<Long> tintedPixels = tinted.getList(tinted.fieldIndex("class_pixels"));
    assertThat(tinted.<Double>getList(tinted.fieldIndex("class_area_um2")))
        .containsExactly(tintedPixels.get(0) * 0.25, tintedPixels.get(1) * 0.25);
  }

  /** The table the log ends with: every slide with its status, size, class fractions and error. */
  @Test
  void runEndsWithATableOfItsSlides() {
    List<String> lines = summary.table(50).lines().toList();
    assertThat(lines.get(0)).contains("slide", "status", "size", "seconds", "cell", "membrane");
    assertThat(lines).hasSize(6);
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).startsWith(id("good_slide_1")).contains(" OK ", W + " x " + H))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(id("notes"))
                    .contains("FAILED", "not a TIFF, PNG or JPEG file"));
    List<String> shortened = summary.table(1).lines().toList();
    assertThat(shortened)
        .hasSize(1 + 1 + 2 + 1) // header, one OK slide, the two failed ones, the rest in one line
        .last()
        .asString()
        .startsWith("... and 2 more OK slide(s)");
  }

  /** Viewers paint the classes in their model.json colours and show which labels they are. */
  @Test
  void maskTiffCarriesItsClassesColoursAndLevel() throws Exception {
    String mask = out.resolve("masks/" + id("good_slide_1") + ".tif").toString();
    assertThat(TestSlides.run("openslide-show-properties", mask))
        .contains(
            "openslide.comment: 'slideseg mask of "
                + id("good_slide_1")
                + "; model unet-isbi2012-membranes; labels 0=cell,1=membrane; slide level 0,"
                + " downsample 1.0'");
    String tifffile =
        TestSlides.run(
            "/usr/bin/python3",
            "-c",
            "import sys, tifffile\n"
                + "with tifffile.TiffFile(sys.argv[1]) as t:\n"
                + "  for p in t.pages:\n"
                + "    print(p.photometric.name, (p.colormap[:, :2] // 257).T.tolist())",
            mask);
    assertThat(tifffile.lines())
        .hasSize(2)
        .allMatch(line -> line.equals("PALETTE [[0, 0, 0], [255, 32, 32]]"));
  }

  /** The slides table, read back by column name, holds each slide's row as the run returned it. */
  @Test
  void theSlidesTableReadsBackAsTheRunsRows() {
    var layout = new OutputLayout(out.toUri().toString());
    List<SlideRow> read = new SlidesTable(layout).read(SPARK.session());
    assertThat(read).hasSize(summary.slideCount());
    assertThat(read.stream().map(SlideRow::status)).contains("OK", "FAILED");
    assertThat(read.stream().filter(r -> r.mpp() != null)).isNotEmpty();
    assertThat(read)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyInAnyOrderElementsOf(summary.slides());
  }

  /**
   * The job reads its tiles back in small batches, and leaves the session's settings as it found
   * them.
   */
  @Test
  void theTilesAreReadBackInSmallBatchesAndTheSessionKeepsItsOwnSetting() {
    var conf = SPARK.session().conf();
    String batch = TilesTable.READER_BATCH;
    assertThat(conf.getAll().contains(batch)).as("after the job, as before it").isFalse();

    assertThat(TilesTable.withReaderBatch(SPARK.session(), () -> conf.get(batch))).isEqualTo("64");
    assertThat(conf.getAll().contains(batch)).isFalse();
    conf.set(batch, "1000"); // the user's own
    try {
      assertThat(TilesTable.withReaderBatch(SPARK.session(), () -> conf.get(batch)))
          .isEqualTo("64");
      assertThat(conf.get(batch)).isEqualTo("1000");
    } finally {
      conf.unset(batch);
    }
  }

  /** Its 12 windows ran in three tasks of 4; its tiles are not cut into a file per task. */
  @Test
  void aSlidesTilesTakeAFileOrTwoNotOnePerTask() throws Exception {
    Path partition = out.resolve("tiles").resolve("slide_id=" + id("good_slide_1"));
    try (var files = Files.list(partition)) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).isBetween(1L, 2L);
    }
  }

  @Test
  void maskTiffMatchesTheTilesAndTheLabels() throws Exception {
    List<Row> tiles =
        SPARK
            .session()
            .read()
            .parquet(out.resolve("tiles").toString())
            .where("slide_id = '" + id("good_slide_1") + "'")
            .collectAsList();
    assertThat(tiles).hasSize(12);
    try (SlideReader mask =
        SlideReaders.openLabels(
            out.resolve("masks/" + id("good_slide_1") + ".tif").toUri(), new Configuration())) {
      assertThat(mask.pyramid().levels()).hasSize(2);
      PixelRegion whole = mask.readRegion(RegionRequest.of(0, 0, 0, W, H));
      for (Row t : tiles) {
        int x = t.getAs("x");
        int y = t.getAs("y");
        int w = t.getAs("width");
        int h = t.getAs("height");
        byte[] labels = MaskPng.decode(t.getAs("mask"), w, h);
        for (int r = 0; r < h; r++) {
          for (int c = 0; c < w; c++) {
            assertThat(whole.pixels()[(y + r) * W + x + c]).isEqualTo(labels[r * w + c]);
          }
        }
      }
      byte[] truth = TestSlides.grayPixels(goodLabels);
      long wrong = 0;
      for (int p = 0; p < W * H; p++) {
        wrong += whole.pixels()[p] != ((truth[p] & 0xff) < 128 ? 1 : 0) ? 1 : 0;
      }
      assertThat((double) wrong / (W * H))
          .as("pixel error against the ISBI labels")
          .isLessThan(0.15);
    }
  }

  @Test
  void rgbSlidesRunThroughAGrayModel() throws Exception {
    Row rgb = slidesTable().get("tinted-rgb");
    assertThat(rgb.<String>getAs("status")).isEqualTo("OK");
    assertThat(rgb.<Integer>getAs("tiles_total")).isEqualTo(9);
    byte[] truth = TestSlides.grayPixels(TestSlides.crop("label", 24, 0, 0, 330, 330));
    try (SlideReader mask =
        SlideReaders.openLabels(
            out.resolve("masks/" + id("tinted-rgb") + ".tif").toUri(), new Configuration())) {
      byte[] labels = mask.readRegion(RegionRequest.of(0, 0, 0, 330, 330)).pixels();
      long wrong = 0;
      for (int p = 0; p < labels.length; p++) {
        wrong += labels[p] != ((truth[p] & 0xff) < 128 ? 1 : 0) ? 1 : 0;
      }
      assertThat((double) wrong / labels.length).isLessThan(0.15);
    }
  }

  @Test
  void failedSlidesLeaveNoTilesOrMasks() {
    assertThat(out.resolve("tiles/slide_id=" + id("corrupt"))).doesNotExist();
    assertThat(out.resolve("tiles/slide_id=" + id("notes"))).doesNotExist();
    assertThat(out.resolve("masks/" + id("corrupt") + ".tif")).doesNotExist();
  }

  @Test
  void writesPreviewManifestAndSuccessLast() throws Exception {
    BufferedImage preview =
        ImageIO.read(out.resolve("masks/" + id("good_slide_1") + ".preview.png").toFile());
    assertThat(Math.max(preview.getWidth(), preview.getHeight())).isEqualTo(200);
    var manifest =
        JsonParser.parseString(Files.readString(out.resolve("_manifest.json"))).getAsJsonObject();
    assertThat(manifest.get("run_id").getAsString()).isEqualTo("run-1");
    assertThat(manifest.getAsJsonObject("slides").get("failed").getAsInt()).isEqualTo(2);
    assertThat(manifest.getAsJsonObject("model").keySet())
        .as("in the order written, as a reader expects it from run to run")
        .containsExactly("name", "directory", "input_tile", "output_tile", "classes");
    assertThat(manifest.getAsJsonObject("options").keySet())
        .containsExactly(
            "inputs",
            "level",
            "precision",
            "min_tissue",
            "polygons",
            "simplify",
            "probabilities",
            "tta",
            "preview_size",
            "batch",
            "device",
            "windows_per_task",
            "force");
    assertThat(manifest.getAsJsonObject("slides").keySet())
        .containsExactly("total", "ok", "failed");
    assertThat(manifest.getAsJsonObject("outputs").keySet())
        .containsExactly("tiles", "slides", "masks");
    assertThat(out.resolve("_SUCCESS")).exists();
    assertThat(Files.getLastModifiedTime(out.resolve("_SUCCESS")))
        .isGreaterThanOrEqualTo(Files.getLastModifiedTime(out.resolve("_manifest.json")));
  }

  @Test
  void aRerunAfterACrashRedoesOnlyUnfinishedSlidesAndDuplicatesNothing() throws Exception {
    Path again = dir.resolve("again");
    run(again, "first");
    // As if "first" had crashed while assembling "small": no completion record, no mask, no
    // _SUCCESS.
    String small = id("small");
    String good = id("good_slide_1");
    Files.delete(again.resolve("_done/" + small + ".json"));
    Files.delete(again.resolve("masks/" + small + ".tif"));
    Files.delete(again.resolve("_SUCCESS"));
    RunSummary second = run(again, "second");

    var tiles = SPARK.session().read().parquet(again.resolve("tiles").toString());
    assertThat(tiles.where("slide_id = '" + good + "'").count()).isEqualTo(12);
    assertThat(tiles.where("slide_id = '" + good + "'").select("run_id").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("first");
    assertThat(tiles.where("slide_id = '" + small + "'").count()).isEqualTo(4);
    assertThat(
            tiles.where("slide_id = '" + small + "'").select("run_id").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("second");
    Map<String, Row> slides = slidesByName(again);
    assertThat(slides.get("good_slide_1").<String>getAs("run_id")).isEqualTo("first");
    assertThat(slides.get("small").<String>getAs("status")).isEqualTo("OK");
    assertThat(slides.get("small").<String>getAs("run_id")).isEqualTo("second");
    assertThat(second.failures()).containsOnlyKeys(id("notes"), id("corrupt"));
    assertThat(again.resolve("masks/" + small + ".tif")).exists();
    assertThat(again.resolve("_SUCCESS")).exists();
  }

  /** Airflow retries a task with the same arguments, so with the same --run-id. */
  @Test
  void aRetryWithTheSameRunIdReusesFinishedSlidesAndDuplicatesNothing() throws Exception {
    Path again = dir.resolve("retried");
    String runId = "scheduled__2026-11-01T00:00:00+00:00";
    run(again, runId);
    String small = id("small");
    Files.delete(again.resolve("_done/" + small + ".json"));
    Files.delete(again.resolve("masks/" + small + ".tif"));
    Files.delete(again.resolve("_SUCCESS"));
    RunSummary retry = run(again, runId);

    var tiles = SPARK.session().read().parquet(again.resolve("tiles").toString());
    assertThat(tiles.where("slide_id = '" + small + "'").count()).isEqualTo(4);
    assertThat(tiles.where("slide_id = '" + id("good_slide_1") + "'").count()).isEqualTo(12);
    assertThat(again.resolve("masks/" + small + ".tif")).exists();
    String table = retry.table(50);
    assertThat(table.lines())
        .anySatisfy(l -> assertThat(l).startsWith(id("good_slide_1")).contains("OK reused"))
        .anySatisfy(l -> assertThat(l).startsWith(small).doesNotContain("reused").contains(" OK "));
  }

  @Test
  void windowsOfEmptyGlassAreSkippedAndCounted() throws Exception {
    // Left half glass, right half EM: with 160-pixel kept tiles the windows at x 0 and 160 are
    // glass.
    BufferedImage slide = new BufferedImage(700, 300, BufferedImage.TYPE_BYTE_GRAY);
    var g = slide.getGraphics();
    g.setColor(new java.awt.Color(250, 250, 250));
    g.fillRect(0, 0, 350, 300);
    g.drawImage(TestSlides.crop("image", 20, 0, 0, 350, 300), 350, 0, null);
    Path in = Files.createDirectories(dir.resolve("glass-in"));
    ImageIO.write(slide, "png", in.resolve("half-glass.png").toFile());
    Path output = dir.resolve("glass-out");
    assertThat(
            TestJob.run(
                    SPARK.session(),
                    in.toString(),
                    model,
                    output,
                    "--min-tissue",
                    "0.1",
                    "--run-id",
                    "glass")
                .failures())
        .isEmpty();

    Row row = SPARK.session().read().parquet(output.resolve("slides").toString()).first();
    assertThat(row.<Integer>getAs("tiles_total")).isEqualTo(10);
    assertThat(row.<Integer>getAs("tiles_skipped")).isEqualTo(4);
    try (SlideReader mask =
        SlideReaders.openLabels(
            output
                .resolve(
                    "masks/" + slidesByName(output).get("half-glass").getAs("slide_id") + ".tif")
                .toUri(),
            new Configuration())) {
      PixelRegion glass = mask.readRegion(RegionRequest.of(0, 0, 0, 320, 300));
      assertThat(glass.pixels()).containsOnly((byte) 0);
      PixelRegion em = mask.readRegion(RegionRequest.of(0, 400, 0, 300, 300));
      assertThat(em.pixels()).contains((byte) 1);
    }
  }

  @Test
  void aMissingInputIsRefusedBeforeAnySparkJob() {
    assertThatThrownBy(
            () ->
                new SegmentJob(
                        SPARK.session(),
                        SegmentOptions.parse(
                            List.of(
                                "--input",
                                dir.resolve("nowhere/*.tif").toString(),
                                "--model",
                                model.toString(),
                                "--out",
                                dir.resolve("x").toString())))
                    .run())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("nowhere/*.tif")
        .hasMessageContaining("matches no files");
  }
}
