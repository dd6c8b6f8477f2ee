package org.slideseg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestS3;
import org.slideseg.jobs.segment.TestSlides;

/**
 * The local launcher, as a user runs it, against an S3 server: the s3a settings come from a
 * spark-defaults file, and the secret appears nowhere in what the run prints.
 */
class LauncherS3Test {
  @RegisterExtension static final TestS3 S3 = new TestS3("launch");

  @TempDir Path dir;

  @Test
  void segmentsFromAndIntoS3WithSettingsFromASparkDefaultsFile() throws Exception {
    FileSystem s3 =
        new org.apache.hadoop.fs.Path(S3.uri("")).getFileSystem(S3.configure(new Configuration()));
    Path png = dir.resolve("scan.png");
    ImageIO.write(TestSlides.crop("image", 20, 0, 0, 200, 180), "png", png.toFile());
    S3.put(s3, png, "in/scan.png");
    Path model = TestSlides.smallWindowModel(dir.resolve("model"));
    S3.put(s3, model.resolve("model.json"), "model/model.json");
    S3.put(s3, model.resolve("model.pt"), "model/model.pt");
    Path defaults =
        Files.writeString(
            dir.resolve("spark-defaults.conf"),
            "# S3 settings, as in conf/spark-defaults.cluster.conf\n"
                + S3.settings().entrySet().stream()
                    .map(e -> "spark.hadoop." + e.getKey() + "  " + e.getValue())
                    .collect(Collectors.joining("\n"))
                + "\n");

    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    "bin/slideseg",
                    "segment",
                    "--input",
                    S3.uri("in/"),
                    "--model",
                    S3.uri("model"),
                    "--out",
                    S3.uri("out"),
                    "--master",
                    "local[2]",
                    "--preview-size",
                    "64"))
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("SLIDESEG_SPARK_DEFAULTS", defaults.toString());
    env.put("SLIDESEG_JAVA_OPTS", "-Xmx2g");
    Process p = pb.start();
    String printed = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(p.exitValue()).as(printed).isZero();
    assertThat(printed).contains("1 OK, 0 FAILED").doesNotContain(TestS3.SECRET_KEY);
    assertThat(s3.exists(new org.apache.hadoop.fs.Path(S3.uri("out/_SUCCESS")))).isTrue();
    assertThat(s3.listStatus(new org.apache.hadoop.fs.Path(S3.uri("out/masks"))))
        .extracting(st -> st.getPath().getName())
        .anyMatch(n -> n.matches("scan-[0-9a-f]{12}\\.tif"));
  }
}
