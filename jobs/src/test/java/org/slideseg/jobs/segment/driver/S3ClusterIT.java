package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestCluster;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestS3;
import org.slideseg.jobs.segment.TestSlides;

/**
 * The data lake on a cluster: two executor JVMs with hadoop-aws from the cluster jar read slides
 * and the model from S3 and write the outputs there; bad slides fail alone with their reasons, and
 * every mask equals, byte for byte, the mask of a run on the same bytes on local disk.
 */
class S3ClusterIT {
  @RegisterExtension static final TestS3 S3 = new TestS3("cluster-lake");
  @TempDir Path dir;

  @Test
  void twoExecutorsSegmentALakeFolderLikeOneJvmOnLocalDisk() throws Exception {
    Path in = TestSlides.goodAndBrokenSlides(dir.resolve("in"));
    Path model = TestSlides.smallWindowModel(dir.resolve("model"));

    Map<String, String> s3conf =
        S3.settings().entrySet().stream()
            .collect(Collectors.toMap(e -> "spark.hadoop." + e.getKey(), Map.Entry::getValue));
    SparkSession cluster = TestCluster.start("s3 lake", "local-cluster[2,1,2048]", s3conf);
    try {
      FileSystem s3 =
          new org.apache.hadoop.fs.Path(S3.uri(""))
              .getFileSystem(cluster.sparkContext().hadoopConfiguration());
      try (var files = Files.list(in)) {
        for (Path f : files.toList()) {
          S3.put(s3, f, "scans/" + f.getFileName());
        }
      }
      S3.put(s3, model.resolve("model.json"), "model/model.json");
      S3.put(s3, model.resolve("model.pt"), "model/model.pt");
      RunSummary lake = run(cluster, S3.uri("scans/"), S3.uri("model"), S3.uri("out"));
      RunSummary disk =
          run(cluster, in.toString(), model.toString(), dir.resolve("out").toString());

      assertThat(lake.failures().values())
          .anySatisfy(e -> assertThat(e).contains(S3.uri("scans/notes.tif")).contains("not a TIFF"))
          .anySatisfy(
              e -> assertThat(e).contains(S3.uri("scans/corrupt.tif")).contains("cannot decode"))
          .hasSize(2);
      assertThat(disk.failures()).hasSize(2);
      Map<String, byte[]> lakeMasks = new TreeMap<>();
      for (FileStatus f : s3.listStatus(new org.apache.hadoop.fs.Path(S3.uri("out/masks")))) {
        try (var stream = s3.open(f.getPath())) {
          lakeMasks.put(name(f.getPath().getName()), stream.readAllBytes());
        }
      }
      Map<String, byte[]> diskMasks = new TreeMap<>();
      try (var files = Files.list(dir.resolve("out/masks"))) {
        for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
          diskMasks.put(name(f.getFileName().toString()), Files.readAllBytes(f));
        }
      }
      assertThat(lakeMasks.keySet()).isEqualTo(diskMasks.keySet()).hasSize(4);
      // The TIFF description names the slide id, which differs with the URI; the pixels may not.
      diskMasks.forEach(
          (n, bytes) ->
              assertThat(withoutIds(lakeMasks.get(n))).as(n).isEqualTo(withoutIds(bytes)));
    } finally {
      cluster.stop();
    }
  }

  private static RunSummary run(SparkSession spark, String in, String model, String out)
      throws Exception {
    return TestJob.run(
        spark,
        in,
        model,
        out,
        "--run-id",
        "same",
        "--windows-per-task",
        "4",
        "--preview-size",
        "100");
  }

  /** The file name with the slide id's hash taken out. */
  private static String name(String file) {
    return file.replaceAll("-[0-9a-f]{12}", "");
  }

  /** The bytes with every 12-hex-digit slide hash blanked. */
  private static String withoutIds(byte[] bytes) {
    return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replaceAll("-[0-9a-f]{12}", "-hash");
  }
}
