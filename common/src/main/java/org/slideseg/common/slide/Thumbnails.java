package org.slideseg.common.slide;

import java.io.IOException;

/**
 * Small images of a slide level, sampled from the smallest pyramid level that is still at least as
 * large, read in blocks so that a slide without reduced levels never lands in memory whole.
 */
public final class Thumbnails {
  private static final int BLOCK = 1024;

  private Thumbnails() {}

  /**
   * The given level of {@code reader} scaled to {@code width} x {@code height}, nearest neighbour.
   */
  public static PixelRegion sample(SlideReader reader, int level, int width, int height)
      throws IOException {
    SlidePyramid pyramid = reader.pyramid();
    PyramidLevel target = pyramid.level(level);
    int source = level;
    for (int i = level + 1; i < pyramid.levels().size(); i++) {
      if (pyramid.level(i).width() >= width && pyramid.level(i).height() >= height) {
        source = i;
      }
    }
    PyramidLevel s = pyramid.level(source);
    int[] xs = new int[width];
    int[] ys = new int[height];
    for (int i = 0; i < width; i++) {
      xs[i] =
          Math.min(
              s.width() - 1,
              (int) ((i + 0.5) * target.width() / width * target.downsample() / s.downsample()));
    }
    for (int j = 0; j < height; j++) {
      ys[j] =
          Math.min(
              s.height() - 1,
              (int) ((j + 0.5) * target.height() / height * target.downsample() / s.downsample()));
    }
    int c = pyramid.channels();
    byte[] out = new byte[width * height * c];
    for (int by = 0; by < s.height(); by += BLOCK) {
      for (int bx = 0; bx < s.width(); bx += BLOCK) {
        copyBlock(reader, source, bx, by, s, xs, ys, out);
      }
    }
    return new PixelRegion(width, height, c, out);
  }

  private static void copyBlock(
      SlideReader reader, int level, int bx, int by, PyramidLevel s, int[] xs, int[] ys, byte[] out)
      throws IOException {
    int bw = Math.min(BLOCK, s.width() - bx);
    int bh = Math.min(BLOCK, s.height() - by);
    PixelRegion block = null;
    int c = reader.pyramid().channels();
    for (int j = 0; j < ys.length; j++) {
      if (ys[j] < by || ys[j] >= by + bh) {
        continue;
      }
      for (int i = 0; i < xs.length; i++) {
        if (xs[i] < bx || xs[i] >= bx + bw) {
          continue;
        }
        if (block == null) {
          block = reader.readRegion(RegionRequest.of(level, bx, by, bw, bh));
        }
        System.arraycopy(
            block.pixels(), ((ys[j] - by) * bw + xs[i] - bx) * c, out, (j * xs.length + i) * c, c);
      }
    }
  }
}
