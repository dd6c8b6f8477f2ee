package org.slideseg.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slideseg.jobs.console.UsageException;

class TrainOptionsTest {
  private static final String DATA = Path.of("..", "models", "unet-isbi2012", "data").toString();
  private static final String SPEC =
      Path.of("..", "models", "architectures", "unet-classic.json").toString();

  private static List<String> args(String... extra) {
    List<String> out =
        new ArrayList<>(
            List.of("--spec", SPEC, "--data", DATA, "--validate", "20-24", "--out", "/tmp/x"));
    out.addAll(List.of(extra));
    return out;
  }

  @Test
  void rangesAndListsNameImagesAndTrainingDefaultsToTheRest() throws Exception {
    TrainOptions o = TrainOptions.parse(args("--label-values", "255,0"));
    assertThat(o.validate()).containsExactly("20", "21", "22", "23", "24");
    assertThat(o.train()).hasSize(20).doesNotContain("20", "24").contains("0", "19");
    assertThat(o.labels().labelValues()).containsExactly(255, 0);
    assertThat(o.settings().tile()).isEqualTo(572);
    assertThat(TrainOptions.ids("train", "3, a,1-2")).containsExactly("3", "a", "1", "2");
  }

  @Test
  void badOptionsAreUsageErrorsThatNameTheProblem() {
    assertThatThrownBy(() -> TrainOptions.parse(args("--tile", "570")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--tile 570 does not fit architecture unet-classic");
    assertThatThrownBy(() -> TrainOptions.parse(args("--label-values", "255")))
        .hasMessageContaining("--label-values has 1 values for 2 classes");
    assertThatThrownBy(() -> TrainOptions.parse(args("--border-class", "5")))
        .hasMessageContaining("border class 5");
    assertThatThrownBy(() -> TrainOptions.parse(args("--label-values", "256,0")))
        .hasMessageContaining("--label-values value 256 is not a gray level 0-255");
    assertThatThrownBy(
            () ->
                TrainOptions.parse(
                    List.of("--spec", SPEC, "--data", "..", "--validate", "1", "--out", "/tmp/x")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--data .. has no image/ directory");
    assertThatThrownBy(
            () ->
                TrainOptions.parse(
                    List.of(
                        "--spec",
                        "../models/unet-isbi2012/model.json",
                        "--data",
                        DATA,
                        "--validate",
                        "1",
                        "--out",
                        "/tmp/x")))
        .hasMessageContaining("needs format \"npz\"");
    assertThatThrownBy(() -> TrainOptions.parse(List.of("--spec", SPEC)))
        .hasMessageContaining("--data is required");
  }
}
