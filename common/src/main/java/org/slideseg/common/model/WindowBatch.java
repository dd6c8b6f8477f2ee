package org.slideseg.common.model;

import java.util.List;
import org.slideseg.common.slide.PixelRegion;

/** Input windows of one model call: {@code count} squares of 8-bit pixels, interleaved channels. */
public record WindowBatch(int count, int height, int width, int channels, byte[] pixels) {

  /**
   * Stacks equally sized regions, converting each to the model's channel count. One region's pixels
   * are shared, not copied: both values are read-only, and a CPU executor's batch is one window.
   */
  public static WindowBatch of(List<PixelRegion> regions, int channels) {
    PixelRegion first = regions.get(0);
    if (regions.size() == 1) {
      PixelRegion only = first.toChannels(channels);
      return new WindowBatch(1, only.height(), only.width(), channels, only.pixels());
    }
    int size = first.width() * first.height() * channels;
    byte[] pixels = new byte[regions.size() * size];
    for (int i = 0; i < regions.size(); i++) {
      PixelRegion r = regions.get(i).toChannels(channels);
      if (r.width() != first.width() || r.height() != first.height()) {
        throw new IllegalArgumentException(
            "window "
                + i
                + " is "
                + r.width()
                + " x "
                + r.height()
                + ", not "
                + first.width()
                + " x "
                + first.height());
      }
      System.arraycopy(r.pixels(), 0, pixels, i * size, size);
    }
    return new WindowBatch(regions.size(), first.height(), first.width(), channels, pixels);
  }
}
