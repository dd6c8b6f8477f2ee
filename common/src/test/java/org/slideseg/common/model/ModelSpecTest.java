package org.slideseg.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.slideseg.common.slide.SampleWindow;

class ModelSpecTest {
  private static final String VALID =
      """
      {"name": "unet", "format": "torchscript", "file": "model.pt", "inputChannels": 1,
       "inputTile": 572, "outputTile": 388, "pooling": 16,
       "normalize": {"scale": 0.00392156862745098, "mean": [0.5], "std": [0.25]},
       "activation": "softmax", "classes": ["cell", "membrane"],
       "colors": ["#00000000", "#ff0000"], "mpp": null}
      """;

  /** The example model.json of docs/DESIGN.md. */
  @Test
  void parsesTheDesignExample() {
    ModelSpec spec = ModelSpecJson.parse(VALID, "model.json");
    assertThat(spec.geometry().context()).isEqualTo(92);
    assertThat(spec.geometry().keptTile()).isEqualTo(384);
    assertThat(spec.activation()).isEqualTo(Activation.SOFTMAX);
    assertThat(spec.rgba(1)).containsExactly(255, 0, 0, 255);
    assertThat(spec.rgba(0)[3]).isZero();
    assertThat(spec.mpp()).isNaN();
  }

  @Test
  void namesAnUnknownKeyAtTheTopAndTheKnownOnesInOrder() {
    assertThatThrownBy(
            () -> ModelSpecJson.parse(VALID.replace("\"mpp\"", "\"mmp\""), "m/model.json"))
        .hasMessage(
            "m/model.json: mmp: unknown key; known: name, format, file, architecture,"
                + " inputChannels, inputTile, outputTile, halo, pooling, normalize, activation,"
                + " classes, colors, mpp");
  }

  /** A misspelt optional key in normalize would otherwise leave its default in place. */
  @Test
  void namesAnUnknownKeyInNormalizeByItsPath() {
    String json = VALID.replace("\"std\": [0.25]}", "\"std\": [0.25], \"sampels\": {}}");
    assertThatThrownBy(() -> ModelSpecJson.parse(json, "m/model.json"))
        .hasMessage(
            "m/model.json: normalize.sampels: unknown key; known: scale, mean, std, samples");
  }

  @Test
  void namesAnUnknownKeyInSamplesByItsPath() {
    String json =
        VALID.replace(
            "\"std\": [0.25]}",
            "\"std\": [0.25], \"samples\": {\"window\": [0, 255], \"clip\": true}}");
    assertThatThrownBy(() -> ModelSpecJson.parse(json, "x"))
        .hasMessage("x: normalize.samples.clip: unknown key; known: window, percentiles");
  }

  @Test
  void namesAnUnknownKeyInTheArchitectureByItsPath() {
    String json = npz("{\"name\": \"unet++\", \"base\": 8, \"mdoe\": \"fast\"}");
    assertThatThrownBy(() -> ModelSpecJson.parse(json, "x"))
        .hasMessage("x: architecture.mdoe: unknown key; known: name, base, mode, head");
  }

  @Test
  void namesTheArchitecturesInTheirOrder() {
    String json = npz("{\"name\": \"unet3\", \"base\": 8}");
    assertThatThrownBy(() -> ModelSpecJson.parse(json, "x"))
        .hasMessage(
            "x: architecture.name \"unet3\" is not one of unet-classic, unet-bn, unet-bn-reduce,"
                + " unet-bn-crop, unet++, no-op");
  }

  /** The valid spec as an npz model with this architecture object. */
  private static String npz(String architecture) {
    return VALID
        .replace("\"torchscript\"", "\"npz\"")
        .replace("\"model.pt\"", "\"weights.npz\"")
        .replace("\"inputChannels\"", "\"architecture\": " + architecture + ", \"inputChannels\"");
  }

  @Test
  void namesAMissingField() {
    assertThatThrownBy(() -> ModelSpecJson.parse(VALID.replace("\"file\": \"model.pt\",", ""), "x"))
        .hasMessage("x: missing field \"file\"");
  }

  @Test
  void rejectsAnUnknownActivation() {
    assertThatThrownBy(() -> ModelSpecJson.parse(VALID.replace("softmax", "relu"), "x"))
        .hasMessage("x: activation \"relu\" is not softmax or sigmoid");
  }

  @Test
  void rejectsColorsThatDoNotMatchClasses() {
    assertThatThrownBy(() -> ModelSpecJson.parse(VALID.replace(", \"#ff0000\"", ""), "x"))
        .hasMessage("x: colors has 1 entries but classes has 2");
  }

  @Test
  void rejectsSigmoidWithMoreThanTwoClasses() {
    String json =
        VALID
            .replace("softmax", "sigmoid")
            .replace("[\"cell\", \"membrane\"]", "[\"a\", \"b\", \"c\"]")
            .replace("[\"#00000000\", \"#ff0000\"]", "[\"#000000\", \"#ff0000\", \"#00ff00\"]");
    assertThatThrownBy(() -> ModelSpecJson.parse(json, "x"))
        .hasMessageContaining("sigmoid is binary");
  }

  @Test
  void rejectsAnOddContextMargin() {
    assertThatThrownBy(() -> ModelSpecJson.parse(VALID.replace("572", "571"), "x"))
        .hasMessageContaining("inputTile/outputTile/halo/pooling")
        .hasMessageContaining("must be even");
  }

  @Test
  void rejectsNormalisationOfTheWrongLength() {
    assertThatThrownBy(() -> ModelSpecJson.parse(VALID.replace("[0.5]", "[0.5, 0.5]"), "x"))
        .hasMessageContaining(
            "normalize.mean and normalize.std need 1 or inputChannels (1) values");
  }

  @Test
  void rejectsText() {
    assertThatThrownBy(() -> ModelSpecJson.parse("model", "x"))
        .hasMessageStartingWith("x: not a JSON object");
  }

  /** normalize.samples: a fixed window or percentiles, written back as read; absent, as stored. */
  @Test
  void readsAndWritesSampleWindows() {
    assertThat(ModelSpecJson.parse(VALID, "m").normalize().samples())
        .isEqualTo(SampleWindow.FULL_RANGE);
    for (String samples :
        new String[] {"{\"window\": [0, 4095]}", "{\"percentiles\": [1, 99.5]}"}) {
      String json =
          VALID.replace("\"std\": [0.25]}", "\"std\": [0.25], \"samples\": " + samples + "}");
      ModelSpec spec = ModelSpecJson.parse(json, "m");
      assertThat(ModelSpecJson.parse(ModelSpecJson.toJson(spec), "again").normalize().samples())
          .isEqualTo(spec.normalize().samples());
    }
    assertThat(
            ModelSpecJson.parse(
                    VALID.replace(
                        "\"std\": [0.25]}",
                        "\"std\": [0.25], \"samples\": {\"window\": [0, 4095]}}"),
                    "m")
                .normalize()
                .samples())
        .isEqualTo(SampleWindow.fixed(0, 4095));
    assertThatThrownBy(
            () ->
                ModelSpecJson.parse(
                    VALID.replace(
                        "\"std\": [0.25]}",
                        "\"std\": [0.25], \"samples\": {\"percentiles\": [99, 1]}}"),
                    "m/model.json"))
        .hasMessageContaining("m/model.json")
        .hasMessageContaining("low < high");
  }
}
