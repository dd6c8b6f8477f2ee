package org.slideseg.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestSlides;

/** {@code bench --slide-side} runs the real job and reports where its time went. */
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
    assertThat(f.get("end_to_end_seconds").getAsDouble()).isPositive();
    JsonObject steps = f.getAsJsonObject("step_seconds");
    assertThat(steps.keySet())
        .containsExactly(
            "reuse",
            "inspect",
            "segment and write tiles",
            "tasks: reading windows",
            "tasks: model calls",
            "assemble masks and previews");
    assertThat(steps.get("tasks: model calls").getAsDouble()).isPositive();
    // The model's share of the run: positive, and the run cannot be faster than its model calls.
    assertThat(f.get("end_to_end_over_model_only").getAsDouble()).isBetween(0.0, 1.0);
    assertThat(f.get("peak_rss_mb").getAsDouble())
        .isGreaterThan(f.get("peak_heap_mb").getAsDouble() / 2);
  }
}
