package org.slideseg.common.train;

import java.util.Arrays;

/**
 * The U-Net paper's border weight, {@code w0 * exp(-(d1 + d2)^2 / (2 sigma^2))} for every pixel of
 * the border class, where d1 and d2 are its distances to the nearest and second-nearest object (a
 * 4-connected region of any other class). It makes the network learn the thin borders that separate
 * touching objects. Distances are computed exactly within 4 sigma of each object; beyond that the
 * weight is below {@code w0 * e^-8}.
 */
final class BorderWeights {
  private BorderWeights() {}

  static float[] of(
      byte[] labels, int width, int height, int borderClass, double w0, double sigma) {
    int[] objects = new int[labels.length];
    int count = label(labels, width, height, borderClass, objects);
    float[] nearest = new float[labels.length];
    float[] second = new float[labels.length];
    Arrays.fill(nearest, Float.POSITIVE_INFINITY);
    Arrays.fill(second, Float.POSITIVE_INFINITY);
    int margin = (int) Math.ceil(4 * sigma);
    int[] box = new int[4 * (count + 1)];
    bounds(objects, width, height, box);
    for (int id = 1; id <= count; id++) {
      int x0 = Math.max(0, box[4 * id] - margin);
      int y0 = Math.max(0, box[4 * id + 1] - margin);
      int x1 = Math.min(width, box[4 * id + 2] + 1 + margin);
      int y1 = Math.min(height, box[4 * id + 3] + 1 + margin);
      float[] d = distanceTo(objects, id, width, x0, y0, x1, y1);
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          int p = y * width + x;
          float v = d[(y - y0) * (x1 - x0) + (x - x0)];
          if (v < nearest[p]) {
            second[p] = nearest[p];
            nearest[p] = v;
          } else if (v < second[p]) {
            second[p] = v;
          }
        }
      }
    }
    float[] weights = new float[labels.length];
    for (int p = 0; p < labels.length; p++) {
      if ((labels[p] & 0xff) == borderClass && Float.isFinite(second[p])) {
        double s = nearest[p] + second[p];
        weights[p] = (float) (w0 * Math.exp(-s * s / (2 * sigma * sigma)));
      }
    }
    return weights;
  }

  /** 4-connected components of non-border pixels, numbered from 1; returns their count. */
  private static int label(byte[] labels, int width, int height, int borderClass, int[] out) {
    int count = 0;
    int[] queue = new int[labels.length];
    for (int start = 0; start < labels.length; start++) {
      if ((labels[start] & 0xff) == borderClass || out[start] != 0) {
        continue;
      }
      out[start] = ++count;
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      while (head < tail) {
        int p = queue[head++];
        int x = p % width;
        int y = p / width;
        int[] next = {
          x > 0 ? p - 1 : -1,
          x < width - 1 ? p + 1 : -1,
          y > 0 ? p - width : -1,
          y < height - 1 ? p + width : -1
        };
        for (int q : next) {
          if (q >= 0 && out[q] == 0 && (labels[q] & 0xff) != borderClass) {
            out[q] = count;
            queue[tail++] = q;
          }
        }
      }
    }
    return count;
  }

  /** Bounding boxes {x0, y0, x1, y1} (inclusive) of each object, indexed by object id. */
  private static void bounds(int[] objects, int width, int height, int[] box) {
    for (int i = 0; i < box.length; i += 4) {
      box[i] = box[i + 1] = Integer.MAX_VALUE;
      box[i + 2] = box[i + 3] = -1;
    }
    for (int p = 0; p < objects.length; p++) {
      int id = objects[p];
      if (id > 0) {
        int x = p % width;
        int y = p / width;
        box[4 * id] = Math.min(box[4 * id], x);
        box[4 * id + 1] = Math.min(box[4 * id + 1], y);
        box[4 * id + 2] = Math.max(box[4 * id + 2], x);
        box[4 * id + 3] = Math.max(box[4 * id + 3], y);
      }
    }
  }

  /** Euclidean distance to the nearest pixel of object {@code id} in a window: two 1-D passes. */
  private static float[] distanceTo(
      int[] objects, int id, int width, int x0, int y0, int x1, int y1) {
    int w = x1 - x0;
    int h = y1 - y0;
    double inf = 1e20;
    double[] grid = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        grid[y * w + x] = objects[(y + y0) * width + x + x0] == id ? 0 : inf;
      }
    }
    double[] line = new double[Math.max(w, h)];
    double[] result = new double[Math.max(w, h)];
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        line[y] = grid[y * w + x];
      }
      squaredDistance1d(line, h, result);
      for (int y = 0; y < h; y++) {
        grid[y * w + x] = result[y];
      }
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(grid, y * w, line, 0, w);
      squaredDistance1d(line, w, result);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = (float) Math.sqrt(result[x]);
      }
    }
    return out;
  }

  /** Felzenszwalb and Huttenlocher's lower envelope of parabolas: exact squared distances. */
  private static void squaredDistance1d(double[] f, int n, double[] d) {
    int[] v = new int[n];
    double[] z = new double[n + 1];
    int k = 0;
    v[0] = 0;
    z[0] = Double.NEGATIVE_INFINITY;
    z[1] = Double.POSITIVE_INFINITY;
    for (int q = 1; q < n; q++) {
      double s = intersection(f, q, v[k]);
      while (s <= z[k]) {
        k--;
        s = intersection(f, q, v[k]);
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Double.POSITIVE_INFINITY;
    }
    k = 0;
    for (int q = 0; q < n; q++) {
      while (z[k + 1] < q) {
        k++;
      }
      double dq = q - v[k];
      d[q] = dq * dq + f[v[k]];
    }
  }

  /** Where the parabolas rooted at q and r (q > r) intersect. */
  private static double intersection(double[] f, int q, int r) {
    return ((f[q] + (double) q * q) - (f[r] + (double) r * r)) / (2.0 * q - 2.0 * r);
  }
}
