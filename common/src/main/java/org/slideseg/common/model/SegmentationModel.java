package org.slideseg.common.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A loaded network and its spec. Thread-safe for {@link #newPredictor()}; each predictor belongs to
 * one thread and must be closed by it. Closing the model frees its native memory.
 */
public final class SegmentationModel implements AutoCloseable {
  private final ModelSpec spec;
  private final ZooModel<WindowBatch, LabelBatch> model;

  private SegmentationModel(ModelSpec spec, ZooModel<WindowBatch, LabelBatch> model) {
    this.spec = spec;
    this.model = model;
  }

  /**
   * Loads TorchScript weights on a device. Call {@link TorchRuntime#configure} first.
   *
   * @param device {@code cpu}, {@code gpu} or {@code gpu:N}
   */
  public static SegmentationModel load(ModelSpec spec, Path weights, String device)
      throws IOException {
    Criteria<WindowBatch, LabelBatch> criteria =
        Criteria.builder()
            .setTypes(WindowBatch.class, LabelBatch.class)
            .optModelPath(weights)
            .optEngine("PyTorch")
            .optDevice(parseDevice(device))
            .optTranslator(new WindowTranslator(spec))
            .build();
    try {
      return new SegmentationModel(spec, criteria.loadModel());
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException(
          "cannot load model " + spec.name() + " from " + weights + ": " + e.getMessage(), e);
    }
  }

  /** Parses {@code cpu}, {@code gpu} or {@code gpu:N}. */
  public static Device parseDevice(String device) {
    if ("cpu".equals(device)) {
      return Device.cpu();
    }
    if ("gpu".equals(device)) {
      return Device.gpu();
    }
    if (device.matches("gpu:\\d+")) {
      return Device.gpu(Integer.parseInt(device.substring(4)));
    }
    throw new IllegalArgumentException("device \"" + device + "\" is not cpu, gpu or gpu:N");
  }

  public ModelSpec spec() {
    return spec;
  }

  public Predictor<WindowBatch, LabelBatch> newPredictor() {
    return model.newPredictor();
  }

  @Override
  public void close() {
    model.close();
  }
}
