package org.slideseg.common.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Pixel-wise weighted cross-entropy: softmax cross-entropy for multi-class heads, binary
 * cross-entropy on logits for a one-channel (sigmoid) head. Each pixel counts with its weight
 * (class weight plus border weight) and the loss is the weighted mean, as PyTorch's {@code
 * cross_entropy(weight=...)} averages. With several outputs (deep supervision) it is the mean of
 * their losses.
 *
 * <p>Labels: {@code [classes (N, H, W), weights (N, H, W)]}; predictions: logits (N, C, H, W).
 */
final class PixelLoss extends Loss {

  PixelLoss() {
    super("pixel_cross_entropy");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray classes = labels.get(0);
    NDArray weights = labels.get(1);
    NDArray total = null;
    for (NDArray logits : predictions) {
      NDArray perPixel = perPixel(logits, classes);
      NDArray loss = perPixel.mul(weights).sum().div(weights.sum().maximum(1e-6f));
      total = total == null ? loss : total.add(loss);
    }
    return total.div(predictions.size());
  }

  private static NDArray perPixel(NDArray logits, NDArray classes) {
    if (logits.getShape().get(1) == 1) {
      // max(x, 0) - x y + log(1 + exp(-|x|)): stable for large |x|
      NDArray x = logits.squeeze(1);
      return x.maximum(0f).sub(x.mul(classes)).add(x.abs().neg().exp().add(1f).log());
    }
    int depth = (int) logits.getShape().get(1);
    NDArray oneHot = classes.toType(DataType.INT64, false).oneHot(depth).transpose(0, 3, 1, 2);
    return logits
        .logSoftmax(1)
        .mul(oneHot.toType(DataType.FLOAT32, false))
        .sum(new int[] {1})
        .neg();
  }
}
