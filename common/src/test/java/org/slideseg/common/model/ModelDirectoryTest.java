package org.slideseg.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.slide.ElsewhereFileSystem;

class ModelDirectoryTest {
  private static final Path BUNDLED = Path.of("..", "models", "unet-isbi2012").toAbsolutePath();

  /**
   * Weights on another file system (as on HDFS or S3) are copied to local disk for the engine, and
   * the copy is gone once the model is loaded.
   */
  @Test
  void weightsFromElsewhereAreLoadedFromACopyThatIsThenRemoved() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.elsewhere.impl", ElsewhereFileSystem.class.getName());
    conf.setBoolean("fs.elsewhere.impl.disable.cache", true);
    var dir =
        new ModelDirectory(URI.create("elsewhere://" + BUNDLED.normalize().toUri().getPath()));
    ModelSpec spec = dir.readSpec(conf);
    List<Path> before = copies();
    TorchRuntime.configure(1);

    try (SegmentationModel model = dir.load(spec, conf, ComputeDevice.CPU, Precision.FP32)) {
      assertThat(model.spec().name()).isEqualTo(spec.name());
      assertThat(copies()).isEqualTo(before);
    }
  }

  private static List<Path> copies() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("slideseg-model-"))
          .sorted()
          .toList();
    }
  }
}
