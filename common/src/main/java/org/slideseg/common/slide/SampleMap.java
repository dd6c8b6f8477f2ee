package org.slideseg.common.slide;

import java.util.Arrays;

/**
 * The linear map of sample values {@code low}-{@code high} onto 0-255, rounded and clipped: a
 * {@link SampleWindow} resolved for one slide. Immutable.
 */
record SampleMap(double low, double high) {
  static final SampleMap BYTES = new SampleMap(0, 255);

  private static final int GRID = 8;
  private static final int PATCH = 64;

  /**
   * The window for samples of {@code type}; {@code sampled} gives samples of the slide (its {@link
   * #patches}), asked for only where percentiles are.
   */
  static SampleMap resolve(SampleWindow window, SampleType type, Sampler sampled)
      throws java.io.IOException {
    return switch (window.kind()) {
      case FULL_RANGE -> new SampleMap(0, type.fullRange());
      case FIXED -> type == SampleType.UINT8 ? BYTES : new SampleMap(window.low(), window.high());
      case PERCENTILES -> percentiles(sampled.samples(), window.low(), window.high());
      case MEASURED -> new SampleMap(window.low(), window.high());
    };
  }

  /** This map as a window other readers of the slide apply without measuring. */
  SampleWindow asWindow(SampleWindow asked) {
    return asked.kind() == SampleWindow.Kind.PERCENTILES ? SampleWindow.measured(low, high) : asked;
  }

  /**
   * Where a slide's percentiles are measured: an 8 x 8 grid of patches of up to 64 x 64 pixels
   * spread over level 0, the same for every reader and every sample type of a picture (reduced
   * levels are not: 8- and 16-bit pyramids round their means differently); a few tiles' decoding.
   */
  static java.util.List<RegionRequest> patches(int width, int height) {
    int w = Math.min(PATCH, width);
    int h = Math.min(PATCH, height);
    java.util.List<RegionRequest> out = new java.util.ArrayList<>();
    for (int j = 0; j < GRID; j++) {
      for (int i = 0; i < GRID; i++) {
        int x = Math.max(0, Math.min(width - w, (int) ((i + 0.5) * width / GRID) - w / 2));
        int y = Math.max(0, Math.min(height - h, (int) ((j + 0.5) * height / GRID) - h / 2));
        out.add(RegionRequest.of(0, x, y, w, h));
      }
    }
    return out;
  }

  /** Samples of a slide, for its percentiles. */
  interface Sampler {
    float[] samples() throws java.io.IOException;
  }

  /** Nearest-rank percentiles; a flat slide gets a window one unit wide. */
  static SampleMap percentiles(float[] samples, double low, double high) {
    if (samples.length == 0) {
      return BYTES;
    }
    float[] sorted = samples.clone();
    Arrays.sort(sorted);
    double lo = sorted[rank(low, sorted.length)];
    double hi = sorted[rank(high, sorted.length)];
    return new SampleMap(lo, hi > lo ? hi : lo + 1);
  }

  private static int rank(double percent, int n) {
    return Math.max(0, Math.min(n - 1, (int) Math.ceil(percent / 100 * n) - 1));
  }

  boolean isIdentityOnBytes() {
    return low == 0 && high == 255;
  }

  int map(double v) {
    long t = Math.round((v - low) * 255 / (high - low));
    return (int) Math.max(0, Math.min(255, t));
  }

  /** Maps samples to bytes. */
  byte[] map(float[] samples) {
    byte[] out = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = (byte) map(samples[i]);
    }
    return out;
  }

  /** Maps an 8-bit region, by a table of 256 entries. */
  PixelRegion map(PixelRegion bytes) {
    if (isIdentityOnBytes()) {
      return bytes;
    }
    byte[] table = new byte[256];
    for (int v = 0; v < 256; v++) {
      table[v] = (byte) map(v);
    }
    byte[] in = bytes.pixels();
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = table[in[i] & 0xff];
    }
    return new PixelRegion(bytes.width(), bytes.height(), bytes.channels(), out);
  }
}
