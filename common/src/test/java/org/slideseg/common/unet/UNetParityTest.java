package org.slideseg.common.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;

/**
 * Each Java block, loaded with weights exported from the PyTorch reference, gives PyTorch's
 * eval-mode output on the same input within 1e-4 (fp32). Fixtures: {@code
 * models/reference/export.py fixtures common/src/test/resources/unet-family}.
 */
class UNetParityTest {
  static final Path FIXTURES = Path.of("src/test/resources/unet-family");

  /** The fixture directories: one complete model directory per case. */
  static Stream<String> fixtures() throws IOException {
    return Files.list(FIXTURES).map(p -> p.getFileName().toString()).sorted();
  }

  @Test
  void fixturesCoverEveryArchitecture() throws IOException {
    Set<String> covered = new HashSet<>();
    for (String f : fixtures().toList()) {
      Path dir = FIXTURES.resolve(f);
      covered.add(
          ModelSpecJson.parse(Files.readString(dir.resolve("model.json")), f)
              .architecture()
              .name());
    }
    assertThat(covered)
        .containsExactlyInAnyOrder(
            Architecture.CLASSIC,
            Architecture.BATCH_NORM,
            Architecture.REDUCE,
            Architecture.CROP,
            Architecture.NESTED);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void javaBlockMatchesPyTorch(String fixture) throws IOException {
    TorchRuntime.configure(2);
    Path dir = FIXTURES.resolve(fixture);
    ModelSpec spec =
        ModelSpecJson.parse(Files.readString(dir.resolve("model.json")), dir.toString());
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDList expected;
      try (InputStream in = Files.newInputStream(dir.resolve("fixture.npz"))) {
        expected = NDList.decode(manager, in);
      }
      NDArray input = named(expected, "input");
      NDArray output = named(expected, "output");
      UNetBlock block = spec.architecture().build(spec.inputChannels(), spec.outputChannels());
      block.initialize(manager, DataType.FLOAT32, input.getShape());
      NpzWeights.load(dir.resolve("weights.npz"), block, manager);

      NDArray actual =
          block.forward(new ParameterStore(manager, false), new NDList(input), false).head();

      assertThat(actual.getShape()).isEqualTo(output.getShape());
      assertThat(block.getOutputShapes(new ai.djl.ndarray.types.Shape[] {input.getShape()})[0])
          .isEqualTo(output.getShape());
      float maxError = actual.sub(output).abs().max().getFloat();
      assertThat(maxError).as("max |Java - PyTorch|").isLessThanOrEqualTo(1e-4f);
      assertThat(output.abs().max().getFloat())
          .as("outputs large enough to tell")
          .isGreaterThan(1f);
    }
  }

  static NDArray named(NDList list, String name) {
    return list.stream().filter(a -> name.equals(a.getName())).findFirst().orElseThrow();
  }
}
