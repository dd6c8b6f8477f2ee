package org.slideseg.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;

/**
 * The only place where tensors are made: window pixels to a normalised NCHW float tensor, and the
 * network's logits to 8-bit class labels. Argmax of logits equals argmax of softmax, and a logit
 * above 0 is a sigmoid above 0.5, so neither activation is computed.
 */
final class WindowTranslator implements NoBatchifyTranslator<WindowBatch, LabelBatch> {
  private final ModelSpec spec;
  private final Precision precision;
  private final boolean gpu;

  WindowTranslator(ModelSpec spec, Precision precision, ai.djl.Device device) {
    this.spec = spec;
    this.precision = precision;
    this.gpu = device.isGpu();
  }

  @Override
  public NDList processInput(TranslatorContext ctx, WindowBatch batch) {
    NDManager manager = ctx.getNDManager();
    int c = batch.channels();
    // Unsigned: create(byte[]) would make INT8 and turn every pixel above 127 negative.
    NDArray hwc =
        manager.create(
            ByteBuffer.wrap(batch.pixels()),
            new Shape(batch.count(), batch.height(), batch.width(), c),
            DataType.UINT8);
    NDArray x = hwc.toType(DataType.FLOAT32, false).transpose(0, 3, 1, 2);
    Normalization norm = spec.normalize();
    float[] mean = new float[c];
    float[] std = new float[c];
    for (int i = 0; i < c; i++) {
      mean[i] = (float) norm.mean(i);
      std[i] = (float) norm.std(i);
    }
    Shape perChannel = new Shape(1, c, 1, 1);
    x =
        x.mul((float) norm.scale())
            .sub(manager.create(mean, perChannel))
            .div(manager.create(std, perChannel));
    if (precision == Precision.FP16) {
      // Half inputs for half weights on a GPU; on a CPU, single inputs rounded to half.
      x = x.toType(DataType.FLOAT16, false);
      x = gpu ? x : x.toType(DataType.FLOAT32, false);
    }
    return new NDList(x);
  }

  @Override
  public LabelBatch processOutput(TranslatorContext ctx, NDList list) {
    NDArray logits = list.singletonOrThrow().toType(DataType.FLOAT32, false);
    Shape shape = logits.getShape();
    long expected = spec.outputChannels();
    if (shape.dimension() != 4 || shape.get(1) != expected) {
      throw new IllegalStateException(
          "model "
              + spec.name()
              + " returned shape "
              + shape
              + "; model.json declares "
              + spec.activation().name().toLowerCase()
              + " with "
              + spec.classes().size()
              + " classes, which needs "
              + expected
              + " output channel(s)");
    }
    NDArray labels =
        spec.activation() == Activation.SIGMOID ? logits.squeeze(1).gt(0f) : logits.argMax(1);
    byte[] bytes = labels.toType(DataType.UINT8, false).toByteArray();
    return new LabelBatch((int) shape.get(0), (int) shape.get(2), (int) shape.get(3), bytes);
  }
}
