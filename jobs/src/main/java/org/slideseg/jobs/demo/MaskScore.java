package org.slideseg.jobs.demo;

import java.io.IOException;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;

/**
 * Pixel error (share of pixels whose class differs from the label) and Dice of class 1, computed by
 * streaming a mask band by band against labels generated row by row.
 */
public record MaskScore(double pixelError, double dice) {
  private static final int BAND = 256;

  /** Labels for any row of the mask's level 0. */
  public interface Labels {
    void row(int y, byte[] into);
  }

  public static MaskScore of(SlideReader mask, Labels labels) throws IOException {
    int w = mask.pyramid().level(0).width();
    int h = mask.pyramid().level(0).height();
    long wrong = 0;
    long both = 0;
    long predicted = 0;
    long actual = 0;
    byte[] label = new byte[w];
    for (int y0 = 0; y0 < h; y0 += BAND) {
      int rows = Math.min(BAND, h - y0);
      PixelRegion band = mask.readRegion(RegionRequest.of(0, 0, y0, w, rows));
      for (int r = 0; r < rows; r++) {
        labels.row(y0 + r, label);
        for (int x = 0; x < w; x++) {
          int p = band.pixels()[r * w + x];
          int t = label[x];
          wrong += p != t ? 1 : 0;
          both += p == 1 && t == 1 ? 1 : 0;
          predicted += p == 1 ? 1 : 0;
          actual += t == 1 ? 1 : 0;
        }
      }
    }
    return new MaskScore(
        (double) wrong / ((long) w * h), 2.0 * both / Math.max(1, predicted + actual));
  }
}
