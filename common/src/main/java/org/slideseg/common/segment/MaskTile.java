package org.slideseg.common.segment;

import org.slideseg.common.tiling.Window;

/**
 * One window's kept output: its class labels, {@code window.width() * window.height()} bytes, and
 * optionally each class's probability (255 = 1.0) as one such plane per class, class 0 first.
 *
 * @param probabilities null unless asked for
 */
public record MaskTile(Window window, byte[] labels, byte[] probabilities) {

  public MaskTile {
    int area = window.width() * window.height();
    if (labels.length != area || (probabilities != null && probabilities.length % area != 0)) {
      throw new IllegalArgumentException(
          labels.length
              + " labels or "
              + (probabilities == null ? 0 : probabilities.length)
              + " probabilities do not fill window "
              + window.width()
              + " x "
              + window.height());
    }
  }

  /**
   * A window not run through the model (empty glass): class 0, with certainty where probabilities
   * are kept.
   */
  public static MaskTile background(Window window, int classes, boolean probabilities) {
    int area = window.width() * window.height();
    byte[] p = null;
    if (probabilities) {
      p = new byte[classes * area];
      java.util.Arrays.fill(p, 0, area, (byte) 255);
    }
    return new MaskTile(window, new byte[area], p);
  }
}
