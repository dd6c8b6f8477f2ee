package org.slideseg.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.slide.ElsewhereFileSystem;
import org.slideseg.common.slide.TestImages;

class ModelDirectoryTest {
  private static final Path BUNDLED = Path.of("..", "models", "unet-isbi2012").toAbsolutePath();

  /**
   * Weights on another file system (as on HDFS or S3) are copied to local disk for the engine, and
   * the copy is gone once the model is loaded.
   */
  @Test
  void weightsFromElsewhereAreLoadedFromACopyThatIsThenRemoved() throws IOException {
    Configuration conf = TestImages.withFileSystem("elsewhere", ElsewhereFileSystem.class);
    var dir =
        new ModelDirectory(URI.create("elsewhere://" + BUNDLED.normalize().toUri().getPath()));
    ModelSpec spec = dir.readSpec(conf);
    List<Path> before = TestImages.tempFiles("slideseg-model-");
    TorchRuntime.configure(1);

    try (SegmentationModel model = dir.load(spec, conf, ComputeDevice.CPU, Precision.FP32)) {
      assertThat(model.spec().name()).isEqualTo(spec.name());
      assertThat(TestImages.tempFiles("slideseg-model-")).isEqualTo(before);
    }
  }
}
