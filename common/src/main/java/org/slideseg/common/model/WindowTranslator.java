package org.slideseg.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Between windows and the network, the only place where tensors are made: window pixels to a
 * normalised NCHW float tensor ({@link WindowTensors}, one per predictor, as translators are), and
 * the network's logits to 8-bit class labels and, where asked for, 8-bit class probabilities.
 * Argmax of logits equals argmax of softmax, and a logit above 0 is a sigmoid above 0.5, so labels
 * need neither activation. Both are computed on the model's device, so that bytes come back, not
 * floats.
 */
final class WindowTranslator implements NoBatchifyTranslator<WindowBatch, LabelBatch> {
  private final ModelSpec spec;
  private final Precision precision;
  private final boolean gpu;
  private final PredictionMode mode;
  private final WindowTensors tensors;

  WindowTranslator(ModelSpec spec, Precision precision, ai.djl.Device device, PredictionMode mode) {
    this.spec = spec;
    this.precision = precision;
    this.gpu = device.isGpu();
    this.mode = mode;
    this.tensors = new WindowTensors(spec.normalize(), spec.inputChannels());
  }

  @Override
  public NDList processInput(TranslatorContext ctx, WindowBatch batch) {
    NDArray input = tensors.normalised(ctx.getNDManager(), batch);
    if (precision == Precision.FP16) {
      // Half inputs for half weights on a GPU; on a CPU, single inputs rounded to half.
      input = input.toType(DataType.FLOAT16, false);
      input = gpu ? input : input.toType(DataType.FLOAT32, false);
    }
    return new NDList(mode.tta() ? withMirrors(input) : input);
  }

  /** The windows, then the same mirrored left-right, top-bottom and both: one model call. */
  static NDArray withMirrors(NDArray windows) {
    return NDArrays.concat(
        new NDList(windows, windows.flip(3), windows.flip(2), windows.flip(2, 3)), 0);
  }

  /**
   * The class probabilities of {@link #withMirrors}'s four outputs, each mirrored back, averaged:
   * the mirrored copies of a window vote with the window itself.
   */
  static NDArray mirroredMean(NDArray logits, Activation activation) {
    long n = logits.getShape().get(0) / 4;
    NDArray p = probabilities(logits, activation);
    NDArray same = p.get(new NDIndex().addSliceDim(0, n));
    NDArray leftRight = p.get(new NDIndex().addSliceDim(n, 2 * n)).flip(3);
    NDArray topBottom = p.get(new NDIndex().addSliceDim(2 * n, 3 * n)).flip(2);
    NDArray both = p.get(new NDIndex().addSliceDim(3 * n, 4 * n)).flip(2, 3);
    return same.add(leftRight).add(topBottom).add(both).div(4f);
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
    NDArray probabilities = null;
    NDArray labels;
    if (mode.tta()) {
      probabilities = mirroredMean(logits, spec.activation());
      labels = argMaxOfChannels(probabilities);
    } else {
      labels =
          spec.activation() == Activation.SIGMOID
              ? logits.squeeze(1).gt(0f).toType(DataType.UINT8, false)
              : argMaxOfChannels(logits);
      if (mode.probabilities()) {
        probabilities = probabilities(logits, spec.activation());
      }
    }
    return new LabelBatch(
        (int) labels.getShape().get(0),
        (int) shape.get(2),
        (int) shape.get(3),
        labels.toByteArray(),
        mode.probabilities() ? quantised(probabilities).toByteArray() : null);
  }

  /**
   * Each class's probability: the softmax of the logits, or for a sigmoid head the two classes'
   * {@code 1 - sigmoid} and {@code sigmoid}, computed as the softmax of (0, logit), which they
   * equal.
   */
  static NDArray probabilities(NDArray logits, Activation activation) {
    NDArray classes =
        activation == Activation.SIGMOID
            ? NDArrays.concat(new NDList(logits.zerosLike(), logits), 1)
            : logits;
    return classes.softmax(1);
  }

  /** Probabilities as bytes, {@code round(255 p)}, as QuPath quantises its 8-bit output. */
  static NDArray quantised(NDArray probabilities) {
    // p * 255 + 0.5 lies in [0.5, 255.5]: converting it to bytes truncates, which rounds.
    return probabilities.mul(255f).add(0.5f).toType(DataType.UINT8, false);
  }

  /**
   * The index of each pixel's largest logit, the first where several are equal (as {@code argMax}),
   * as bytes, by one element-wise comparison per class: libtorch's {@code argMax} over the channel
   * dimension is a strided reduction that took more CPU time than the rest of a no-op run together
   * (a 16384 x 16384 slide: 36 of 60 task-seconds).
   */
  static NDArray argMaxOfChannels(NDArray logits) {
    if (logits.getShape().get(1) == 2) {
      return channel(logits, 1).gt(channel(logits, 0)).toType(DataType.UINT8, false);
    }
    NDArray best = channel(logits, 0);
    NDArray labels = best.zerosLike().toType(DataType.UINT8, false);
    for (long c = 1; c < logits.getShape().get(1); c++) {
      NDArray candidate = channel(logits, c);
      NDArray better = candidate.gt(best);
      labels =
          NDArrays.where(better, labels.onesLike().mul(c).toType(DataType.UINT8, false), labels);
      best = best.maximum(candidate);
    }
    return labels;
  }

  /**
   * Channel {@code c} of every window. Indexed without a string: DJL parses {@code ":, 1"} anew at
   * every call, and its parser was among the JIT's longest compilations of a no-op run.
   */
  private static NDArray channel(NDArray logits, long c) {
    return logits.get(new NDIndex().addAllDim().addIndices(c));
  }
}
