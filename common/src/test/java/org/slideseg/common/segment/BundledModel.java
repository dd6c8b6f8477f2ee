package org.slideseg.common.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.tiling.WindowGeometry;

/** The repository's bundled U-Net, for tests that need real inference. */
final class BundledModel {
  static final Path DIR = Path.of("..", "models", "unet-isbi2012");

  private BundledModel() {}

  static ModelSpec spec() throws IOException {
    return ModelSpecJson.parse(
        Files.readString(DIR.resolve("model.json")), DIR.resolve("model.json").toString());
  }

  /**
   * The same network on smaller windows: it is fully convolutional, any output = 4 mod 16 works.
   */
  static ModelSpec withGeometry(ModelSpec s, WindowGeometry g) {
    return s.withGeometry(g);
  }

  static SegmentationModel load(ModelSpec spec) throws IOException {
    TorchRuntime.configure(2);
    return SegmentationModel.load(
        spec, DIR.resolve(spec.file()), ComputeDevice.CPU, Precision.FP32);
  }
}
