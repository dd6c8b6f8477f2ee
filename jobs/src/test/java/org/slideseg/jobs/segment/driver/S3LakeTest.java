package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestS3;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * The whole job against a real S3 server on loopback: inputs, model and outputs on s3a://, masks
 * written as complete objects, nothing partial left, no credentials in the outputs, and a region
 * read fetching only its tiles' bytes.
 */
class S3LakeTest {
  @TempDir static Path dir;

  @RegisterExtension
  @Order(1)
  static final TestS3 S3 = new TestS3("lake");

  @RegisterExtension
  @Order(2)
  static final TestSpark SPARK = new TestSpark("local[2]");

  private static FileSystem s3;
  private static Path local;

  @BeforeAll
  static void uploadSlidesAndModel() throws Exception {
    Configuration conf = S3.configure(SPARK.session().sparkContext().hadoopConfiguration());
    s3 = new org.apache.hadoop.fs.Path(S3.uri("")).getFileSystem(conf);
    local = TestSlides.goodAndBrokenSlides(dir.resolve("scans"));
    upload(local, "scans/");
    Path model = TestSlides.smallWindowModel(dir.resolve("model"));
    upload(model, "models/small/");
  }

  private static void upload(Path folder, String prefix) throws Exception {
    try (var files = Files.list(folder)) {
      for (Path f : files.toList()) {
        S3.put(s3, f, prefix + f.getFileName());
      }
    }
  }

  private static RunSummary run(
      String input, String model, String out, String runId, String... more) throws Exception {
    List<String> flags = new ArrayList<>(List.of("--run-id", runId, "--preview-size", "64"));
    flags.addAll(List.of(more));
    return TestJob.run(SPARK.session(), input, model, out, flags.toArray(String[]::new));
  }

  private static List<String> keys(String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it =
        s3.listFiles(new org.apache.hadoop.fs.Path(S3.uri(prefix)), true);
    while (it.hasNext()) {
      keys.add(it.next().getPath().toString());
    }
    return keys;
  }

  @Test
  void theJobReadsAndWritesTheLakeAndReRunsReuseByETag() throws Exception {
    String out = S3.uri("results/run");
    RunSummary first =
        run(S3.uri("scans/"), S3.uri("models/small"), out, "s3-1", "--mask-format", "both");

    Map<String, Row> rows = TestJob.slidesByFileName(SPARK.session(), out);
    assertThat(rows.keySet())
        .containsExactlyInAnyOrder("good.tif", "small.png", "corrupt.tif", "notes.tif");
    assertThat(rows.get("notes.tif").<String>getAs("error")).contains("not a TIFF, PNG or JPEG");
    for (String ok : List.of("good.tif", "small.png")) {
      assertThat(rows.get(ok).<String>getAs("status"))
          .as("%s: %s", ok, rows.get(ok).<String>getAs("error"))
          .isEqualTo("OK");
    }
    assertThat(rows.get("corrupt.tif").<String>getAs("status")).isEqualTo("FAILED");
    assertThat(rows.get("corrupt.tif").<String>getAs("error"))
        .contains(S3.uri("scans/corrupt.tif"))
        .contains("cannot decode tile");
    assertThat(first.failures()).hasSize(2);

    // Same labels as a run over the same files on local disk, in the TIFF and the OME-Zarr chunks
    // that the assembly tasks put to the store.
    String localOut = dir.resolve("local-out").toUri().toString();
    run(local.toString(), dir.resolve("model").toString(), localOut, "local-1");
    Map<String, Row> localRows = TestJob.slidesByFileName(SPARK.session(), localOut);
    for (String name : List.of("good.tif", "small.png")) {
      assertThat(TestJob.maskLabels(SPARK.session(), rows.get(name).getAs("mask_uri")))
          .as(name)
          .isEqualTo(TestJob.maskLabels(SPARK.session(), localRows.get(name).getAs("mask_uri")))
          .isEqualTo(TestJob.maskLabels(SPARK.session(), rows.get(name).getAs("labels_uri")));
    }

    List<String> keys = keys("results/run/");
    assertThat(keys).noneMatch(k -> k.contains("inprogress") || k.contains("_temporary"));
    assertThat(keys).noneMatch(k -> k.contains(".spark-staging"));
    assertThat(keys).filteredOn(k -> k.contains("/masks/") && k.endsWith(".tif")).hasSize(2);
    for (String k : keys) {
      if (k.endsWith(".json") || k.endsWith(".parquet")) {
        try (var in = s3.open(new org.apache.hadoop.fs.Path(k))) {
          String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          assertThat(text)
              .as(k)
              .doesNotContain(TestS3.SECRET_KEY)
              .doesNotContain(TestS3.ACCESS_KEY);
        }
      }
    }

    RunSummary again =
        run(S3.uri("scans/"), S3.uri("models/small"), out, "s3-2", "--mask-format", "both");
    assertThat(again.failures()).hasSize(2);
    assertThat(
            TestJob.slidesByFileName(SPARK.session(), out).get("good.tif").<String>getAs("run_id"))
        .as("reused")
        .isEqualTo("s3-1");
  }

  @Test
  void readingACornerFetchesOnlyTheBytesOfItsTiles() throws Exception {
    BufferedImage big = new BufferedImage(2048, 2048, BufferedImage.TYPE_BYTE_GRAY);
    var g = big.getGraphics();
    for (int y = 0; y < 2048; y += 512) {
      for (int x = 0; x < 2048; x += 512) {
        g.drawImage(TestSlides.crop("image", 20 + (x + y) / 512 % 5, 0, 0, 512, 512), x, y, null);
      }
    }
    Path slide = TestSlides.vipsSlide(big, dir.resolve("big.tif"), "deflate");
    S3.put(s3, slide, "big/big.tif");
    long size = Files.size(slide);

    long start = S3.bytesRequested();
    long header;
    long corner;
    long whole;
    try (SlideReader reader =
        SlideReaders.open(
            java.net.URI.create(S3.uri("big/big.tif")),
            SPARK.session().sparkContext().hadoopConfiguration())) {
      header = S3.bytesRequested() - start;
      reader.readRegion(RegionRequest.of(0, 0, 0, 256, 256));
      corner = S3.bytesRequested() - start - header;
      reader.readRegion(RegionRequest.of(0, 0, 0, 2048, 2048));
      whole = S3.bytesRequested() - start - header - corner;
    }
    System.out.printf(
        "Bytes the S3 server was asked for, of a %d-byte 2048 x 2048 slide: %d to open it, %d for"
            + " a 256 x 256 corner (%.1f %%), %d more for the rest of level 0%n",
        size, header, corner, 100.0 * corner / size, whole);
    // A corner is 1/64 of level 0: its ranges are a small share of the file and of the level.
    assertThat(corner).isPositive().isLessThan(size / 20);
    assertThat(whole).isGreaterThan(10 * corner);
  }
}
