package org.slideseg.common.mask;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
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
    PixelRegion image = Thumbnails.sample(slide, level, w, h).toChannels(3);
    PixelRegion labels = Thumbnails.sample(mask, 0, w, h);
    BufferedImage preview = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] colour = spec.rgba(labels.sample(x, y, 0));
        double a = OPACITY * colour[3] / 255.0;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          rgb = (rgb << 8) | (int) Math.round((1 - a) * image.sample(x, y, c) + a * colour[c]);
        }
        preview.setRGB(x, y, rgb);
      }
    }
    var out = new ByteArrayOutputStream();
    ImageIO.write(preview, "png", out);
    return out.toByteArray();
  }
}
