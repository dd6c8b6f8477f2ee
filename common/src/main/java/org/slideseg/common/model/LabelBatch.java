package org.slideseg.common.model;

/** Class labels predicted for a {@link WindowBatch}: {@code count} squares of 8-bit labels. */
public record LabelBatch(int count, int height, int width, byte[] labels) {

  /** The labels of window {@code i} inside the rectangle at ({@code x}, {@code y}). */
  public byte[] crop(int i, int x, int y, int w, int h) {
    if (x < 0 || y < 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + " x " + h + " at " + x + "," + y + " is outside " + width + " x " + height);
    }
    byte[] out = new byte[w * h];
    int base = i * width * height;
    for (int row = 0; row < h; row++) {
      System.arraycopy(labels, base + (y + row) * width + x, out, row * w, w);
    }
    return out;
  }
}
