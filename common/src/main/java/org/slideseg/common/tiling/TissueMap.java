package org.slideseg.common.tiling;

import java.io.IOException;
import java.util.BitSet;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.PyramidLevel;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.Thumbnails;

/**
 * Where a brightfield slide shows tissue, judged on a thumbnail of one level: a pixel is tissue
 * when it is darker than the glass ({@link #MAX_GLASS_LUMA}) or clearly coloured ({@link
 * #MIN_CHROMA}). Used to skip windows of empty glass. Immutable.
 */
public final class TissueMap {
  /** Gray level above which an uncoloured pixel is glass. */
  public static final int MAX_GLASS_LUMA = 220;

  /** Spread between RGB channels above which a pixel is stained tissue, however bright. */
  public static final int MIN_CHROMA = 25;

  private final PixelRegion thumbnail;
  private final double scale;

  private TissueMap(PixelRegion thumbnail, double scale) {
    this.thumbnail = thumbnail;
    this.scale = scale;
  }

  /** Samples {@code level} at most {@code maxSide} pixels wide or high. */
  public static TissueMap of(SlideReader reader, int level, int maxSide) throws IOException {
    PyramidLevel l = reader.pyramid().level(level);
    double scale = Math.min(1.0, (double) maxSide / Math.max(l.width(), l.height()));
    int w = Math.max(1, (int) Math.round(l.width() * scale));
    int h = Math.max(1, (int) Math.round(l.height() * scale));
    return new TissueMap(
        Thumbnails.sample(reader, level, w, h).forDisplay(), (double) w / l.width());
  }

  static boolean isTissue(PixelRegion p, int x, int y) {
    if (p.channels() == 1) {
      return p.sample(x, y, 0) <= MAX_GLASS_LUMA;
    }
    int r = p.sample(x, y, 0);
    int g = p.sample(x, y, 1);
    int b = p.sample(x, y, 2);
    int chroma = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
    return chroma >= MIN_CHROMA || (299 * r + 587 * g + 114 * b) / 1000 <= MAX_GLASS_LUMA;
  }

  /** Share of tissue in the thumbnail pixels that fall inside the window's output. */
  public double fraction(Window w) {
    int x0 = (int) Math.floor(w.x() * scale);
    int y0 = (int) Math.floor(w.y() * scale);
    int x1 =
        Math.min(thumbnail.width(), Math.max(x0 + 1, (int) Math.ceil((w.x() + w.width()) * scale)));
    int y1 =
        Math.min(
            thumbnail.height(), Math.max(y0 + 1, (int) Math.ceil((w.y() + w.height()) * scale)));
    int tissue = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        tissue += isTissue(thumbnail, x, y) ? 1 : 0;
      }
    }
    return (double) tissue / Math.max(1, (x1 - x0) * (y1 - y0));
  }

  /** The windows of {@code plan} whose tissue share is below {@code minTissue}. */
  public BitSet background(TilePlan plan, double minTissue) {
    BitSet background = new BitSet(plan.size());
    for (int i = 0; i < plan.size(); i++) {
      if (fraction(plan.window(i)) < minTissue) {
        background.set(i);
      }
    }
    return background;
  }
}
