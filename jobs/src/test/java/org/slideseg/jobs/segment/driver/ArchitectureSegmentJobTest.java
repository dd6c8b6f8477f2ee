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
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * The Spark job runs every architecture of the U-Net family, built in Java from its model.json and
 * npz weights (the small parity-test instances), on a small slide end to end, and writes the mask
 * the PyTorch reference computes for the same windows, pixel for pixel. The slide's name is a
 * number, whose partition directory ({@code slide_id=22}) Spark would read back as an integer.
 */
class ArchitectureSegmentJobTest {
  private static final Path FAMILY =
      Path.of("..", "common", "src", "test", "resources", "unet-family");
  private static final int W = 300;
  private static final int H = 260;

  /**
   * A pixel may differ from PyTorch's only where PyTorch's two best logits are within float
   * rounding of each other: the parity tests hold each logit to 1e-4 of PyTorch's.
   */
  private static final float TIE = 2e-4f;

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
  void segmentRunsTheArchitectureAndWritesPyTorchsMask(String architecture) throws Exception {
    Path model = balancedCopy(FAMILY.resolve(architecture), dir.resolve("model-" + architecture));
    ModelSpec spec =
        new ModelDirectory(model.toAbsolutePath().toUri()).readSpec(new Configuration());
    Path out = dir.resolve("out-" + architecture);
    RunSummary summary =
        TestJob.run(SPARK.session(), inputs.toUri().toString(), model, out.toUri(), "--batch", "2");

    assertThat(summary.failures()).isEmpty();
    Row slide = SPARK.session().read().parquet(out.resolve("slides").toString()).first();
    assertThat(slide.<String>getAs("status")).isEqualTo("OK");
    assertThat(slide.<Integer>getAs("tiles_total"))
        .isEqualTo(new TilePlan(W, H, spec.geometry()).size());
    assertThat(slide.<String>getAs("slide_id")).as("a string, not the number 22").startsWith("22-");
    Path png = Files.createDirectories(dir.resolve(architecture)).resolve("pytorch.png");
    Path margins = png.resolveSibling("margins.f32");
    reference(
        "segment.py",
        model.toString(),
        inputs.resolve("22.png").toString(),
        png.toString(),
        margins.toString());
    byte[] expected = TestSlides.grayPixels(ImageIO.read(png.toFile()));
    float[] margin = floats(margins);
    try (SlideReader mask =
        SlideReaders.openLabels(
            out.resolve("masks/" + summary.slideIds().get(0) + ".tif").toUri(),
            new Configuration())) {
      byte[] labels = mask.readRegion(RegionRequest.of(0, 0, 0, W, H)).pixels();
      int ties = 0;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] != expected[i]) {
          assertThat(margin[i])
              .as("pixel %d, %d: %d, PyTorch %d", i % W, i / W, labels[i], expected[i])
              .isLessThan(TIE);
          ties++;
        }
      }
      assertThat(ties).as("pixels decided otherwise at a tie").isLessThan(W * H / 1000);
    }
  }

  private static float[] floats(Path raw) throws IOException {
    var buffer =
        java.nio.ByteBuffer.wrap(Files.readAllBytes(raw)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(values);
    return values;
  }

  /**
   * A copy of a fixture model whose head biases are shifted so that its classes split the test
   * slide ({@code export.py balance}): with the fixtures' random weights one class would cover
   * almost every pixel, and equal masks would prove little.
   */
  private static Path balancedCopy(Path fixture, Path copy) throws Exception {
    Files.createDirectories(copy);
    for (String f : List.of("model.json", "weights.npz")) {
      Files.copy(fixture.resolve(f), copy.resolve(f));
    }
    reference("export.py", "balance", copy.toString(), inputs.resolve("22.png").toString());
    return copy;
  }

  /** Runs a script of {@code models/reference} with Debian's PyTorch (python3-torch). */
  private static void reference(String script, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add("/usr/bin/python3");
    command.add(Path.of("..", "models", "reference", script).toString());
    command.addAll(List.of(args));
    TestSlides.run(command.toArray(String[]::new));
  }
}
