package org.slideseg.common.tiling;

import java.io.IOException;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.PyramidLevel;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;

/**
 * Reads regions that may extend beyond the slide, filling the outside by mirroring the image at its
 * border without repeating the edge pixel (as numpy's and PyTorch's "reflect"), the U-Net paper's
 * overlap-tile extrapolation. Reflection repeats, so a margin wider than the slide is still filled.
 */
public final class MirrorPadding {
  private MirrorPadding() {}

  /** Index {@code i} reflected into {@code [0, n)}. */
  public static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }

  /** Reads {@code request}, mirroring whatever part of it lies outside its level. */
  public static PixelRegion read(SlideReader reader, RegionRequest request) throws IOException {
    PyramidLevel level = reader.pyramid().level(request.level());
    if (request.isInside(level.width(), level.height())) {
      return reader.readRegion(request);
    }
    int[] xs = reflected(request.x(), request.width(), level.width());
    int[] ys = reflected(request.y(), request.height(), level.height());
    int minX = min(xs);
    int minY = min(ys);
    PixelRegion source =
        reader.readRegion(
            RegionRequest.of(request.level(), minX, minY, max(xs) - minX + 1, max(ys) - minY + 1));
    int c = source.channels();
    byte[] out = new byte[request.width() * request.height() * c];
    for (int row = 0; row < ys.length; row++) {
      int srcRow = (ys[row] - minY) * source.width() - minX;
      int col = 0;
      while (col < xs.length) {
        int run = ascendingRun(xs, col);
        System.arraycopy(
            source.pixels(), (srcRow + xs[col]) * c, out, (row * xs.length + col) * c, run * c);
        col += run;
      }
    }
    return new PixelRegion(request.width(), request.height(), c, out);
  }

  /**
   * How many indices from {@code start} on step up by one: copied together, so that a row costs a
   * copy per pixel only where it is mirrored (a copy per pixel took a gray window's whole row).
   */
  private static int ascendingRun(int[] indices, int start) {
    int end = start + 1;
    while (end < indices.length && indices[end] == indices[end - 1] + 1) {
      end++;
    }
    return end - start;
  }

  private static int[] reflected(int start, int length, int n) {
    int[] indices = new int[length];
    for (int i = 0; i < length; i++) {
      indices[i] = reflect(start + i, n);
    }
    return indices;
  }

  private static int min(int[] v) {
    int m = Integer.MAX_VALUE;
    for (int x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static int max(int[] v) {
    int m = Integer.MIN_VALUE;
    for (int x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
