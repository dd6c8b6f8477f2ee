package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestHdfs;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * The whole job on a real HDFS on loopback: slides, model and outputs on hdfs://. The masks (TIFF
 * and OME-Zarr, whose chunks the assembly tasks write to HDFS) and the tile PNGs are those of a run
 * over the same files on local disk, a bad slide fails alone naming its hdfs:// URI, nothing
 * partial is left, and a re-run reuses every slide it finished.
 */
class HdfsLakeTest {
  @TempDir static Path dir;

  @RegisterExtension
  @Order(1)
  static final TestHdfs HDFS = new TestHdfs();

  @RegisterExtension
  @Order(2)
  static final TestSpark SPARK = new TestSpark("local[2]");

  @Test
  void theJobReadsAndWritesHdfsAsLocalDiskAndAReRunReuses() throws Exception {
    Path local = TestSlides.goodAndBrokenSlides(dir.resolve("scans"));
    Path model = TestSlides.smallWindowModel(dir.resolve("model"));
    HDFS.put(local, "scans");
    HDFS.put(model, "models/small");
    String out = HDFS.uri("results/run");

    RunSummary first =
        run(HDFS.uri("scans"), HDFS.uri("models/small"), out, "hdfs-1", "--mask-format", "both");
    String localOut = dir.resolve("local-out").toUri().toString();
    run(local.toString(), model.toString(), localOut, "local-1");

    Map<String, Row> rows = TestJob.slidesByFileName(SPARK.session(), out);
    Map<String, Row> localRows = TestJob.slidesByFileName(SPARK.session(), localOut);
    assertThat(first.failures()).hasSize(2);
    assertThat(rows.get("corrupt.tif").<String>getAs("error"))
        .contains(HDFS.uri("scans/corrupt.tif"))
        .contains("cannot decode tile");
    for (String name : List.of("good.tif", "small.png")) {
      assertThat(rows.get(name).<String>getAs("status"))
          .as("%s: %s", name, rows.get(name).<String>getAs("error"))
          .isEqualTo("OK");
      assertThat(TestJob.maskLabels(SPARK.session(), rows.get(name).getAs("mask_uri")))
          .as(name)
          .isEqualTo(TestJob.maskLabels(SPARK.session(), localRows.get(name).getAs("mask_uri")))
          .isEqualTo(TestJob.maskLabels(SPARK.session(), rows.get(name).getAs("labels_uri")));
      assertThat(rows.get(name).<String>getAs("labels_uri")).startsWith(out + "/masks/");
      assertThat(tilePngs(out, rows.get(name)))
          .as(name)
          .isEqualTo(tilePngs(localOut, localRows.get(name)))
          .isNotEmpty();
    }
    assertThat(files(out))
        .noneMatch(
            f ->
                f.contains("inprogress")
                    || f.contains("_temporary")
                    || f.contains(".spark-staging"))
        .anyMatch(f -> f.endsWith("/_SUCCESS"));

    run(HDFS.uri("scans"), HDFS.uri("models/small"), out, "hdfs-2", "--mask-format", "both");
    assertThat(
            TestJob.slidesByFileName(SPARK.session(), out).get("good.tif").<String>getAs("run_id"))
        .as("reused")
        .isEqualTo("hdfs-1");
    assertThat(
            TestJob.slidesByFileName(SPARK.session(), out).get("small.png").<String>getAs("run_id"))
        .isEqualTo("hdfs-1");
  }

  private static RunSummary run(
      String input, String model, String out, String runId, String... more) throws Exception {
    List<String> flags = new ArrayList<>(List.of("--run-id", runId, "--preview-size", "64"));
    flags.addAll(List.of(more));
    return TestJob.run(SPARK.session(), input, model, out, flags.toArray(String[]::new));
  }

  /** The slide's tile rows as position and PNG hash, sorted. */
  private static List<String> tilePngs(String out, Row slide) {
    String id = slide.getAs("slide_id");
    return SPARK.session().read().parquet(out + "/tiles").collectAsList().stream()
        .filter(r -> id.equals(r.getAs("slide_id")))
        .map(
            r ->
                r.getAs("x") + "," + r.getAs("y") + " " + Arrays.hashCode((byte[]) r.getAs("mask")))
        .sorted()
        .toList();
  }

  private static List<String> files(String root) throws Exception {
    List<String> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it =
        HDFS.fileSystem().listFiles(new org.apache.hadoop.fs.Path(root), true);
    while (it.hasNext()) {
      out.add(it.next().getPath().toString());
    }
    return out;
  }
}
