package org.slideseg.common.model;

/**
 * What the model predicted for a {@link WindowBatch}: {@code count} squares of 8-bit class labels
 * and, where asked for, each class's probability quantised to a byte (255 = 1.0).
 *
 * @param probabilities {@code count x classes} planes of {@code height x width} bytes, window by
 *     window; null unless asked for ({@link PredictionMode#probabilities})
 */
public record LabelBatch(int count, int height, int width, byte[] labels, byte[] probabilities) {

  /** The labels of window {@code i} inside the rectangle at ({@code x}, {@code y}). */
  public byte[] crop(int i, int x, int y, int w, int h) {
    return crop(labels, i, x, y, w, h);
  }

  /**
   * The probability planes of window {@code i} inside the rectangle at ({@code x}, {@code y}), one
   * {@code w x h} plane per class, class 0 first; null without probabilities.
   */
  public byte[] cropProbabilities(int i, int x, int y, int w, int h) {
    if (probabilities == null) {
      return null;
    }
    int classes = probabilities.length / (count * width * height);
    byte[] out = new byte[classes * w * h];
    for (int c = 0; c < classes; c++) {
      byte[] plane = crop(probabilities, i * classes + c, x, y, w, h);
      System.arraycopy(plane, 0, out, c * w * h, plane.length);
    }
    return out;
  }

  /** Rectangle of square {@code i} of {@code planes}. */
  private byte[] crop(byte[] planes, int i, int x, int y, int w, int h) {
    if (x < 0 || y < 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + " x " + h + " at " + x + "," + y + " is outside " + width + " x " + height);
    }
    byte[] out = new byte[w * h];
    int base = i * width * height;
    for (int row = 0; row < h; row++) {
      System.arraycopy(planes, base + (y + row) * width + x, out, row * w, w);
    }
    return out;
  }
}
