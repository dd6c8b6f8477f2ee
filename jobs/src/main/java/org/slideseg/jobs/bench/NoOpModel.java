package org.slideseg.jobs.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ModelFormat;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.train.UNetTrainer;
import org.slideseg.common.unet.Architecture;
import org.slideseg.common.unet.NpzWeights;
import org.slideseg.common.unet.UNetBlock;

/**
 * A model directory for the {@code no-op} architecture with another model's windows, head and
 * classes: the job runs exactly as with that model except for the network, so its time is the time
 * around the model.
 */
final class NoOpModel {
  private NoOpModel() {}

  /**
   * Writes the no-op twin of {@code like} into {@code dir}; empty when {@code like}'s windows are
   * not the classic U-Net's geometry, the only one the no-op network has.
   */
  static Optional<Path> writeLike(ModelSpec like, Path dir, int threads) throws IOException {
    Architecture noOp = new Architecture(Architecture.NO_OP, 1, false, false, false, 4);
    var g = like.geometry();
    if (g.halo() != 0 || noOp.outputSize(g.inputTile()) != g.outputTile()) {
      return Optional.empty();
    }
    ModelSpec spec =
        new ModelSpec(
            "no-op twin of " + like.name(),
            ModelFormat.NPZ,
            UNetTrainer.WEIGHTS,
            noOp,
            like.inputChannels(),
            g,
            like.normalize(),
            like.activation(),
            like.classes(),
            like.colors(),
            like.mpp());
    Files.createDirectories(dir);
    TorchRuntime.configure(threads);
    UNetBlock block = noOp.build(spec.inputChannels(), spec.outputChannels());
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        OutputStream out = Files.newOutputStream(dir.resolve(UNetTrainer.WEIGHTS))) {
      int tile = g.inputTile();
      block.initialize(manager, DataType.FLOAT32, new Shape(1, spec.inputChannels(), tile, tile));
      NpzWeights.write(block, out);
    }
    Files.writeString(
        dir.resolve("model.json"), ModelSpecJson.toJson(spec), StandardCharsets.UTF_8);
    return Optional.of(dir);
  }
}
