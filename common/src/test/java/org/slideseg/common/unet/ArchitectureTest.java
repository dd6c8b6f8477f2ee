package org.slideseg.common.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;

class ArchitectureTest {
  static final Path TEMPLATES = Path.of("..", "models", "architectures");

  static Stream<Path> templates() throws IOException {
    return Files.list(TEMPLATES).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyTemplateBuildsItsNetworkWithTheDeclaredWindow(Path template) throws IOException {
    TorchRuntime.configure(2);
    ModelSpec spec = ModelSpecJson.parse(Files.readString(template), template.toString());
    int in = spec.geometry().inputTile();
    UNetBlock block = spec.architecture().build(spec.inputChannels(), spec.outputChannels());
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, spec.inputChannels(), in, in));
      Shape out =
          block.getOutputShapes(new Shape[] {new Shape(1, spec.inputChannels(), in, in)})[0];
      int tile = spec.geometry().outputTile();
      assertThat(out).isEqualTo(new Shape(1, spec.outputChannels(), tile, tile));
    }
    assertThat(ModelSpecJson.architecture(ModelSpecJson.toJson(spec.architecture())))
        .isEqualTo(spec.architecture());
  }

  @Test
  void theClassicUNetMapsThePapersWindow() {
    assertThat(ClassicUNet.outputSize(572)).isEqualTo(388);
    assertThat(ClassicUNet.outputSize(570)).isEqualTo(-1);
    assertThat(CroppingUNet.outputSize(572)).isEqualTo(448);
  }

  @Test
  void unknownArchitecturesAndHyperParametersAreNamed() {
    assertThatThrownBy(
            () -> ModelSpecJson.architecture(json("{\"name\": \"resnet\", \"base\": 8}")))
        .hasMessageContaining("\"resnet\"")
        .hasMessageContaining("unet++");
    assertThatThrownBy(
            () ->
                ModelSpecJson.architecture(
                    json("{\"name\": \"unet-bn-crop\", \"base\": 8, \"depth\": 5}")))
        .hasMessage("architecture.depth: unknown key; known: name, base");
    assertThatThrownBy(
            () ->
                ModelSpecJson.architecture(
                    json("{\"name\": \"unet++\", \"base\": 8, \"head\": 2}")))
        .hasMessageContaining("mode \"fast\"");
  }

  @Test
  void aWindowTheNetworkCannotProduceIsRejectedWithTheRightOutput() {
    String spec =
        """
        {"name": "m", "format": "npz", "file": "w.npz",
         "architecture": {"name": "unet-classic", "base": 8},
         "inputChannels": 1, "inputTile": 572, "outputTile": 372, "pooling": 16,
         "normalize": {"scale": 1, "mean": [0], "std": [1]},
         "activation": "softmax", "classes": ["a", "b"], "colors": ["#000000", "#ffffff"]}
        """;
    assertThatThrownBy(() -> ModelSpecJson.parse(spec, "m/model.json"))
        .hasMessageContaining("m/model.json")
        .hasMessageContaining("maps inputTile 572 to 388, but outputTile is 372");
  }

  @Test
  void prunedFastUNetPlusPlusKeepsOnlyTheNodesItsHeadNeeds() {
    UNetBlock fast = new Architecture(Architecture.NESTED, 4, false, true, true, 2).build(1, 1);
    assertThat(fast.layers().keySet())
        .anyMatch(n -> n.startsWith("nodes.conv1_1."))
        .noneMatch(n -> n.startsWith("nodes.conv0_3.") || n.startsWith("nodes.conv3_0."))
        .contains("finals.final2")
        .doesNotContain("finals.final1", "finals.final4");
    assertThat(fast.prunedLayers()).contains("nodes.conv4_0", "finals.final4");
    assertThat(List.copyOf(fast.layers().keySet())).hasSize(6 * 4 + 1);
  }

  private static com.google.gson.JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }
}
