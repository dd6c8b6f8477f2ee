package org.slideseg.jobs.demo;

import java.io.IOException;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.train.ValidationScore;

/**
 * Scores a binary mask against labels generated row by row, streaming the mask band by band so that
 * a large mosaic is never held whole.
 */
final class MaskScore {
  private static final int BAND = 256;

  /** Labels for any row of the mask's level 0. */
  interface Labels {
    void row(int y, byte[] into);
  }

  private MaskScore() {}

  static ValidationScore of(SlideReader mask, Labels labels) throws IOException {
    int w = mask.pyramid().level(0).width();
    int h = mask.pyramid().level(0).height();
    ValidationScore.Counter counter = new ValidationScore.Counter(2);
    byte[] label = new byte[w];
    for (int y0 = 0; y0 < h; y0 += BAND) {
      int rows = Math.min(BAND, h - y0);
      PixelRegion band = mask.readRegion(RegionRequest.of(0, 0, y0, w, rows));
      for (int r = 0; r < rows; r++) {
        labels.row(y0 + r, label);
        counter.add(band.pixels(), r * w, label, 0, w);
      }
    }
    return counter.score();
  }
}
