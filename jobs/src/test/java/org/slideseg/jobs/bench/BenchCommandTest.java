package org.slideseg.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.TestImages;
import org.slideseg.jobs.demo.IsbiMosaic;
import org.slideseg.jobs.segment.TestSlides;

/**
 * {@code bench --slide-side} and {@code --slide} run the real job, with the model and its no-op
 * twin, and report where the time went.
 */
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void slideSideRunsTheJobAndWritesItsFiguresAsJson() throws Exception {
    Path model = TestSlides.smallWindowModel(dir.resolve("model"));
    Path json = dir.resolve("bench.json");

    int exit =
        new BenchCommand()
            .run(
                List.of(
                    "--model", model.toString(), "--slide-side", "600", "--json", json.toString()));

    assertThat(exit).isZero();
    JsonObject f = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(f.get("output_mpx").getAsDouble()).isEqualTo(0.36);
    JsonObject runs = f.getAsJsonObject("runs");
    assertThat(runs.keySet()).containsExactly("no-op model", "model");
    for (String run : runs.keySet()) {
      JsonObject r = runs.getAsJsonObject(run);
      assertThat(r.get("end_to_end_seconds").getAsDouble()).isPositive();
      JsonObject steps = r.getAsJsonObject("step_seconds");
      assertThat(steps.keySet())
          .startsWith("reuse", "inspect", "segment", "write tiles", "assemble masks and previews")
          .contains(
              "tasks: read + decode windows",
              "tasks: inference",
              "tasks: pyramid: compress mask tiles");
      assertThat(steps.get("tasks: inference").getAsDouble()).isPositive();
      double jvmThreads =
          r.get("jit_compiler_seconds").getAsDouble()
              + r.get("garbage_collector_seconds").getAsDouble();
      assertThat(jvmThreads).isBetween(0.0, r.get("cpu_seconds").getAsDouble());
      // The model's share of the run: the run cannot be faster than its forward passes.
      assertThat(r.get("end_to_end_over_model_only").getAsDouble()).isBetween(0.0, 1.0);
    }
    JsonObject noOp = runs.getAsJsonObject("no-op model").getAsJsonObject("step_seconds");
    JsonObject withModel = runs.getAsJsonObject("model").getAsJsonObject("step_seconds");
    assertThat(noOp.get("tasks: inference").getAsDouble())
        .isLessThan(withModel.get("tasks: inference").getAsDouble());
    assertThat(f.get("peak_rss_mb").getAsDouble())
        .isGreaterThan(f.get("peak_heap_mb").getAsDouble() / 2);
    assertThat(f.get("heap_committed_mb").getAsDouble())
        .isBetween(1.0, Runtime.getRuntime().maxMemory() / 1e6);
  }

  @Test
  void aGivenSlideInCopiesWithTheNoOpModelOnly() throws Exception {
    Path model = TestSlides.smallWindowModel(dir.resolve("model"));
    Path slide = dir.resolve("given.tif");
    new IsbiMosaic(300, 200).writeSlide(slide);
    Path json = dir.resolve("bench.json");

    int exit =
        new BenchCommand()
            .run(
                List.of(
                    "--model",
                    model.toString(),
                    "--slide",
                    slide.toString(),
                    "--copies",
                    "3",
                    "--no-op-only",
                    "--json",
                    json.toString()));

    assertThat(exit).isZero();
    JsonObject f = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(f.get("slide").getAsString()).isEqualTo("300 x 200 x 3");
    assertThat(f.get("output_mpx").getAsDouble()).isCloseTo(0.18, within(1e-9));
    assertThat(f.getAsJsonObject("runs").keySet()).containsExactly("no-op model");
  }

  /** Without --model, bench runs the bundled model from a temporary copy, removed afterwards. */
  @Test
  void theBundledModelsTemporaryCopyIsRemoved() throws Exception {
    List<Path> before = TestImages.tempFiles("slideseg-bench-model-");

    int exit =
        new BenchCommand()
            .run(
                List.of("--batches", "1", "--windows", "1", "--threads", "1", "--mask-side", "64"));

    assertThat(exit).isZero();
    assertThat(TestImages.tempFiles("slideseg-bench-model-")).isEqualTo(before);
  }
}
