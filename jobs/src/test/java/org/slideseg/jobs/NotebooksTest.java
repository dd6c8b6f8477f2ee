package org.slideseg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;
import org.slideseg.jobs.segment.driver.RunSummary;

/**
 * The notebooks execute, with Debian's Jupyter, against a small real run: a notebook that nobody
 * runs rots as the outputs change.
 */
class NotebooksTest {
  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");

  @Test
  void lookAtResultsRunsOnARun() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    TestSlides.vipsSlide(
        TestSlides.crop("image", 21, 0, 0, 400, 300), in.resolve("em.tif"), "deflate");
    Path out = dir.resolve("out");
    RunSummary summary =
        TestJob.run(
            SPARK.session(),
            in.toString(),
            TestSlides.smallWindowModel(dir.resolve("model")),
            out,
            "--polygons",
            "--probabilities",
            "--mask-format",
            "both");
    assertThat(summary.failures()).isEmpty();

    String cells = execute("look_at_results.ipynb", Map.of("SLIDESEG_OUT", out.toString()));
    assertThat(cells)
        .contains("slides: {")
        .contains("complete run")
        .contains("slideseg mask of " + summary.slideIds().get(0))
        .contains("label counts at level")
        .contains("regions", "largest region:")
        .contains("class 1: mean probability", "thresholded at 0.5 agrees with the mask on")
        .contains("OME-Zarr label image unet-isbi2012-membranes levels:")
        .contains("level 0 equals the TIFF: True")
        .doesNotContain("\"output_type\": \"error\"");
  }

  /**
   * A PyTorch U-Net to an npz and a TorchScript model directory, both segmented by {@code
   * jobs/bin/slideseg}; the notebook itself asserts that the masks equal PyTorch's.
   */
  @Test
  void bringYourUnetGivesPyTorchsMasks() throws Exception {
    String cells =
        execute("bring_your_unet.ipynb", Map.of("SLIDESEG_WORK", dir.resolve("work").toString()));
    assertThat(cells)
        .contains("my-unet-npz: ", "my-unet-torchscript: ", "pixels differ from PyTorch")
        .doesNotContain("\"output_type\": \"error\"");
  }

  /** Executes {@code notebooks/<name>} in {@code dir} and returns the executed notebook's text. */
  private static String execute(String name, Map<String, String> env) throws Exception {
    TestSlides.run(
        env,
        "jupyter",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.timeout=600",
        "--output-dir",
        dir.toString(),
        Path.of("..", "notebooks", name).toString());
    return Files.readString(dir.resolve(name));
  }
}
