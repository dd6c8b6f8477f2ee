package org.slideseg.common.mask;

import java.io.IOException;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.PyramidLevel;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.Thumbnails;

/** A PNG preview: the slide's thumbnail with each class painted in its model.json colour. */
public final class PreviewRenderer {
  /** Share of a class colour in the blend, times the colour's own alpha. */
  private static final double OPACITY = 0.55;

  private PreviewRenderer() {}

  /**
   * Per class: its colour already weighted by its share of the blend (red, green, blue), and that
   * share (alpha); computed once, not per pixel.
   */
  private static double[][] colours(ModelSpec spec) {
    double[][] out = new double[spec.classes().size()][];
    for (int label = 0; label < out.length; label++) {
      int[] rgba = spec.rgba(label);
      double a = OPACITY * rgba[3] / 255.0;
      out[label] = new double[] {a * rgba[0], a * rgba[1], a * rgba[2], a};
    }
    return out;
  }

  /**
   * @param slide the slide, read at {@code level}
   * @param mask the mask written for that level (its level 0 is the slide's {@code level})
   * @param maxSide longest side of the preview in pixels
   */
  public static byte[] render(
      SlideReader slide, int level, SlideReader mask, ModelSpec spec, int maxSide)
      throws IOException {
    PyramidLevel full = slide.pyramid().level(level);
    double scale = Math.min(1.0, (double) maxSide / Math.max(full.width(), full.height()));
    int w = Math.max(1, (int) Math.round(full.width() * scale));
    int h = Math.max(1, (int) Math.round(full.height() * scale));
    PixelRegion image = Thumbnails.sample(slide, level, w, h).forDisplay().toChannels(3);
    PixelRegion labels = Thumbnails.sample(mask, 0, w, h);
    double[][] colours = colours(spec);
    byte[] rgb = new byte[w * h * 3];
    byte[] rgbPixels = image.pixels();
    byte[] labelPixels = labels.pixels();
    for (int p = 0; p < w * h; p++) {
      double[] colour = colours[labelPixels[p] & 0xff];
      for (int c = 0; c < 3; c++) {
        int i = 3 * p + c;
        rgb[i] = (byte) Math.round((1 - colour[3]) * (rgbPixels[i] & 0xff) + colour[c]);
      }
    }
    return MaskPng.encode(rgb, w, h, 3);
  }
}
