package org.slideseg.common.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import org.slideseg.common.unet.NpzWeights;
import org.slideseg.common.unet.UNetBlock;

/**
 * A loaded network and its spec. Thread-safe for {@link #newPredictor}; each predictor belongs to
 * one thread and must be closed by it. Closing the model frees its native memory.
 */
public final class SegmentationModel implements AutoCloseable {
  private final ModelSpec spec;
  private final Model model;
  private final Precision precision;

  private SegmentationModel(ModelSpec spec, Model model, Precision precision) {
    this.spec = spec;
    this.model = model;
    this.precision = precision;
  }

  /**
   * Loads a model on a device: a TorchScript file, or the spec's architecture built in Java with
   * weights from an {@code .npz} file, at a precision. Call {@link
   * org.slideseg.common.engine.TorchRuntime#configure} first.
   *
   * @throws IllegalArgumentException for fp16 with a TorchScript model, which DJL cannot cast
   */
  public static SegmentationModel load(
      ModelSpec spec, Path weights, ComputeDevice device, Precision precision) throws IOException {
    if (precision == Precision.FP16 && spec.format() != ModelFormat.NPZ) {
      throw new IllegalArgumentException(
          "fp16 needs a model of format npz: DJL cannot cast TorchScript; export a half"
              + " TorchScript module or use the npz weights");
    }
    if (spec.format() == ModelFormat.TORCHSCRIPT) {
      return new SegmentationModel(spec, loadTorchScript(spec, weights, device.toDjl()), precision);
    }
    Model model = loadBlock(spec, weights, device.toDjl());
    if (precision == Precision.FP16) {
      toHalf(model);
    }
    return new SegmentationModel(spec, model, precision);
  }

  /** Half weights on a GPU; on a CPU, single weights rounded to what half can hold. */
  private static void toHalf(Model model) {
    if (model.getNDManager().getDevice().isGpu()) {
      model.getBlock().cast(DataType.FLOAT16);
      return;
    }
    for (var parameter : model.getBlock().getParameters().values()) {
      NDArray weights = parameter.getArray();
      try (NDArray rounded =
          weights.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false)) {
        weights.set(rounded.toByteBuffer());
      }
    }
  }

  /**
   * Wraps a model whose block is initialised and holds its weights, such as one in training.
   * Closing the result closes {@code model}.
   */
  public static SegmentationModel of(ModelSpec spec, Model model) {
    return new SegmentationModel(spec, model, Precision.FP32);
  }

  private static Model loadTorchScript(ModelSpec spec, Path weights, Device device)
      throws IOException {
    Criteria<WindowBatch, LabelBatch> criteria =
        Criteria.builder()
            .setTypes(WindowBatch.class, LabelBatch.class)
            .optModelPath(weights)
            .optEngine("PyTorch")
            .optDevice(device)
            .optTranslator(
                new WindowTranslator(spec, Precision.FP32, device, PredictionMode.LABELS))
            .build();
    try {
      return criteria.loadModel();
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException(
          "cannot load model " + spec.name() + " from " + weights + ": " + e.getMessage(), e);
    }
  }

  private static Model loadBlock(ModelSpec spec, Path weights, Device device) throws IOException {
    Model model = Model.newInstance(spec.name(), device, "PyTorch");
    try {
      UNetBlock block = spec.architecture().build(spec.inputChannels(), spec.outputChannels());
      int tile = spec.geometry().inputTile();
      block.initialize(
          model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.inputChannels(), tile, tile));
      NpzWeights.load(weights, block, model.getNDManager());
      model.setBlock(block);
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  /** A predictor of class labels. */
  public Predictor<WindowBatch, LabelBatch> newPredictor() {
    return newPredictor(PredictionMode.LABELS);
  }

  /** A predictor of class labels and what {@code mode} adds. */
  public Predictor<WindowBatch, LabelBatch> newPredictor(PredictionMode mode) {
    Device device = model.getNDManager().getDevice();
    return model.newPredictor(new WindowTranslator(spec, precision, device, mode));
  }

  @Override
  public void close() {
    model.close();
  }
}
