package org.slideseg.common.train;

/**
 * How well predicted labels match the truth.
 *
 * @param pixelError share of pixels whose predicted class differs from the label
 * @param dice Dice coefficient of class 1 (the foreground of a binary model); for more classes, the
 *     mean Dice of classes 1 and up
 */
public record ValidationScore(double pixelError, double dice) {

  /** Counts fed run by run (an image, a row of a mask), so that nothing need be held whole. */
  public static final class Counter {
    private final long[] both;
    private final long[] sizes;
    private long wrong;
    private long total;

    public Counter(int classes) {
      both = new long[classes];
      sizes = new long[classes];
    }

    /** Adds {@code n} class indices of each, from the given offsets. */
    public void add(byte[] predicted, int from, byte[] truth, int truthFrom, int n) {
      for (int k = 0; k < n; k++) {
        int p = predicted[from + k] & 0xff; // class indices are unsigned: up to 256 classes
        int t = truth[truthFrom + k] & 0xff;
        wrong += p != t ? 1 : 0;
        both[p] += p == t ? 1 : 0;
        sizes[p]++;
        sizes[t]++;
      }
      total += n;
    }

    public ValidationScore score() {
      double dice = 0;
      for (int c = 1; c < both.length; c++) {
        dice += 2.0 * both[c] / Math.max(1, sizes[c]);
      }
      return new ValidationScore((double) wrong / total, dice / (both.length - 1));
    }
  }
}
