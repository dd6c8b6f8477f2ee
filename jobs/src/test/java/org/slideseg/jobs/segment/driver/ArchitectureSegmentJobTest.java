package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;
import org.slideseg.jobs.segment.cli.SegmentOptions;

/**
 * The Spark job runs every architecture of the U-Net family, built in Java from its model.json and
 * npz weights (the small parity-test instances), on a small slide end to end. The slide's name is a
 * number, whose partition directory ({@code slide_id=22}) Spark would read back as an integer.
 */
class ArchitectureSegmentJobTest {
  private static final Path FAMILY =
      Path.of("..", "common", "src", "test", "resources", "unet-family");
  private static final int W = 300;
  private static final int H = 260;

  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");
  private static Path inputs;

  @BeforeAll
  static void start() throws Exception {
    inputs = Files.createDirectories(dir.resolve("in"));
    ImageIO.write(
        TestSlides.crop("image", 22, 10, 20, W, H), "png", inputs.resolve("22.png").toFile());
  }

  static Stream<String> architectures() throws IOException {
    return Files.list(FAMILY).map(p -> p.getFileName().toString()).sorted();
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void segmentRunsTheArchitecture(String architecture) throws Exception {
    Path model = FAMILY.resolve(architecture);
    ModelSpec spec =
        new ModelDirectory(model.toAbsolutePath().toUri()).readSpec(new Configuration());
    Path out = dir.resolve("out-" + architecture);
    SegmentOptions options =
        SegmentOptions.parse(
            List.of(
                "--input", inputs.toUri().toString(),
                "--model", model.toString(),
                "--out", out.toUri().toString(),
                "--batch", "2"));

    RunSummary summary = new SegmentJob(SPARK.session(), options).run();

    assertThat(summary.failures()).isEmpty();
    Row slide = SPARK.session().read().parquet(out.resolve("slides").toString()).first();
    assertThat(slide.<String>getAs("status")).isEqualTo("OK");
    assertThat(slide.<Integer>getAs("tiles_total"))
        .isEqualTo(new TilePlan(W, H, spec.geometry()).size());
    assertThat(slide.<String>getAs("slide_id")).as("a string, not the number 22").startsWith("22-");
    try (SlideReader mask =
        SlideReaders.open(
            out.resolve("masks/" + summary.slideIds().get(0) + ".tif").toUri(),
            new Configuration())) {
      byte[] labels = mask.readRegion(RegionRequest.of(0, 0, 0, W, H)).pixels();
      for (byte label : labels) {
        assertThat(label & 0xff).isLessThan(spec.classes().size());
      }
    }
  }
}
