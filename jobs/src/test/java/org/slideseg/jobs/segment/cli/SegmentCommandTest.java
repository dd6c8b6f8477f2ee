package org.slideseg.jobs.segment.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.TestSlides;

class SegmentCommandTest {
  @TempDir Path dir;

  @Test
  void aBadModelSpecIsReportedBeforeSparkStarts() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(
        model.resolve("model.json"),
        Files.readString(TestSlides.BUNDLED_MODEL.resolve("model.json"))
            .replace("\"softmax\"", "\"softmaxx\""));
    assertThatThrownBy(() -> SegmentCommand.checkLocalModel(model.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("model.json")
        .hasMessageContaining("activation \"softmaxx\"");
  }

  @Test
  void aModelWithoutWeightsIsReported() throws Exception {
    Path model = Files.createDirectories(dir.resolve("empty-model"));
    Files.copy(TestSlides.BUNDLED_MODEL.resolve("model.json"), model.resolve("model.json"));
    assertThatThrownBy(() -> SegmentCommand.checkLocalModel(model.toString()))
        .hasMessageContaining("field \"file\" names model.pt, which does not exist");
  }
}
