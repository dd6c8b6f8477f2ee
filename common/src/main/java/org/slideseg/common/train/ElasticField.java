package org.slideseg.common.train;

import java.util.SplittableRandom;

/**
 * A smooth random displacement field over a square window: Gaussian displacements on a 3 x 3 grid
 * spanning the window, interpolated bicubically (Keys, a = -0.75, as PyTorch) to every pixel, as in
 * the U-Net paper. Immutable.
 */
final class ElasticField {
  private static final int GRID = 3;
  private final int size;
  private final float[] dx;
  private final float[] dy;

  ElasticField(int size, double sigma, SplittableRandom random) {
    this.size = size;
    double[] gx = new double[GRID * GRID];
    double[] gy = new double[GRID * GRID];
    for (int i = 0; i < gx.length; i++) {
      gx[i] = gaussian(random) * sigma;
      gy[i] = gaussian(random) * sigma;
    }
    dx = interpolate(gx, size);
    dy = interpolate(gy, size);
  }

  float dx(int x, int y) {
    return dx[y * size + x];
  }

  float dy(int x, int y) {
    return dy[y * size + x];
  }

  private static float[] interpolate(double[] grid, int size) {
    double[][] wy = new double[size][];
    int[] iy = new int[size];
    for (int p = 0; p < size; p++) {
      double t = size > 1 ? p * (GRID - 1.0) / (size - 1) : 0; // aligned corners
      iy[p] = (int) Math.floor(t);
      wy[p] = keys(t - iy[p]);
    }
    float[] out = new float[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double v = 0;
        for (int a = 0; a < 4; a++) {
          int gyi = clamp(iy[y] - 1 + a);
          for (int b = 0; b < 4; b++) {
            v += wy[y][a] * wy[x][b] * grid[gyi * GRID + clamp(iy[x] - 1 + b)];
          }
        }
        out[y * size + x] = (float) v;
      }
    }
    return out;
  }

  private static int clamp(int i) {
    return Math.max(0, Math.min(GRID - 1, i));
  }

  /** Weights of the four neighbours at offsets -1, 0, 1, 2 for a fraction t in [0, 1). */
  private static double[] keys(double t) {
    double a = -0.75;
    double[] w = new double[4];
    double[] d = {1 + t, t, 1 - t, 2 - t};
    for (int i = 0; i < 4; i++) {
      double s = d[i];
      w[i] =
          s <= 1 ? ((a + 2) * s - (a + 3)) * s * s + 1 : ((a * s - 5 * a) * s + 8 * a) * s - 4 * a;
    }
    return w;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
