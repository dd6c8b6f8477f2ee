package org.slideseg.common.train;

import java.util.List;

/**
 * How well predicted labels match the truth over a validation set.
 *
 * @param pixelError share of pixels whose predicted class differs from the label
 * @param dice Dice coefficient of class 1 (the foreground of a binary model); for more classes, the
 *     mean Dice of classes 1 and up
 */
public record ValidationScore(double pixelError, double dice) {

  /** Scores predicted against true class indices, both one byte per pixel. */
  static ValidationScore of(List<byte[]> predicted, List<byte[]> truth, int classes) {
    long wrong = 0;
    long total = 0;
    long[] both = new long[classes];
    long[] sizes = new long[classes];
    for (int i = 0; i < predicted.size(); i++) {
      byte[] p = predicted.get(i);
      byte[] t = truth.get(i);
      for (int k = 0; k < p.length; k++) {
        wrong += p[k] != t[k] ? 1 : 0;
        both[p[k]] += p[k] == t[k] ? 1 : 0;
        sizes[p[k]]++;
        sizes[t[k]]++;
      }
      total += p.length;
    }
    double dice = 0;
    for (int c = 1; c < classes; c++) {
      dice += 2.0 * both[c] / Math.max(1, sizes[c]);
    }
    return new ValidationScore((double) wrong / total, dice / (classes - 1));
  }
}
