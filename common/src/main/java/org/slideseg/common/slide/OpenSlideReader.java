package org.slideseg.common.slide;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a slide through OpenSlide's C library ({@link OpenSlideLibrary}): vendor formats that our
 * own readers do not know. The file is on local disk (staged there first if it was not, see {@link
 * SlideReaders}); closing the reader closes OpenSlide's handle and runs {@code cleanup}. Pixels
 * come as OpenSlide gives them, premultiplied ARGB, and are made RGB over the slide's background
 * colour (white where it states none). Not thread-safe, like every {@link SlideReader}.
 */
final class OpenSlideReader implements SlideReader {
  /** A region read allocates an int per pixel: refuse more than 64 Mpx at once. */
  private static final long MAX_REGION_PIXELS = 1L << 26;

  private final String source;
  private final OpenSlideLibrary.C c;
  private final Runnable cleanup;
  private final SlidePyramid pyramid;
  private final String vendor;
  private final int background;
  private Pointer osr;
  private boolean closed;

  /**
   * @param local the file on local disk, as OpenSlide needs
   * @param cleanup run once when the reader closes (or fails to open), e.g. removing a staged copy
   */
  OpenSlideReader(String source, OpenSlideLibrary.C c, String local, Runnable cleanup)
      throws IOException {
    this.source = source;
    this.c = c;
    this.cleanup = cleanup;
    try {
      this.vendor = c.openslide_detect_vendor(local);
      this.osr = c.openslide_open(local);
      if (osr == null) {
        throw new UnknownFormatException(
            source + ": neither slideseg nor OpenSlide reads this file");
      }
      checkError();
      this.pyramid = readPyramid();
      this.background = backgroundColour();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** OpenSlide's name for the format, such as {@code philips} or {@code hamamatsu}. */
  String vendor() {
    return vendor;
  }

  private SlidePyramid readPyramid() throws IOException {
    int count = c.openslide_get_level_count(osr);
    checkError();
    List<PyramidLevel> levels = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long[] w = new long[1];
      long[] h = new long[1];
      c.openslide_get_level_dimensions(osr, i, w, h);
      if (w[0] <= 0 || h[0] <= 0 || w[0] > Integer.MAX_VALUE || h[0] > Integer.MAX_VALUE) {
        throw new SlideFormatException(
            source + ": OpenSlide gives level " + i + " a size of " + w[0] + " x " + h[0]);
      }
      levels.add(
          new PyramidLevel(
              (int) w[0],
              (int) h[0],
              intProperty("openslide.level[" + i + "].tile-width", 256),
              intProperty("openslide.level[" + i + "].tile-height", 256),
              c.openslide_get_level_downsample(osr, i)));
    }
    String mpp = c.openslide_get_property_value(osr, "openslide.mpp-x");
    return new SlidePyramid(levels, 3, mpp == null ? Double.NaN : Double.parseDouble(mpp));
  }

  private int intProperty(String name, int fallback) {
    String value = c.openslide_get_property_value(osr, name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  /** The slide's background as 0xRRGGBB: the colour of areas the scanner did not image. */
  private int backgroundColour() {
    String hex = c.openslide_get_property_value(osr, "openslide.background-color");
    return hex == null ? 0xffffff : Integer.parseInt(hex, 16);
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public SlidePyramid pyramid() {
    return pyramid;
  }

  @Override
  public PixelRegion readRegion(RegionRequest r) throws IOException {
    checkInside(r);
    long pixels = (long) r.width() * r.height();
    if (pixels > MAX_REGION_PIXELS) {
      throw new IllegalArgumentException(source + ": region " + r + " is too large to read");
    }
    double downsample = pyramid.level(r.level()).downsample();
    int[] argb = new int[(int) pixels];
    // OpenSlide places a region by its top-left corner in level-0 pixels.
    c.openslide_read_region(
        osr,
        argb,
        Math.round(r.x() * downsample),
        Math.round(r.y() * downsample),
        r.level(),
        r.width(),
        r.height());
    checkError();
    byte[] rgb = new byte[3 * argb.length];
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      int alpha = p >>> 24;
      for (int k = 0; k < 3; k++) {
        int shift = 16 - 8 * k;
        int premultiplied = p >> shift & 0xff;
        int under = background >> shift & 0xff;
        // Over the background: premultiplied colour plus the background's uncovered share.
        rgb[3 * i + k] = (byte) (premultiplied + (under * (255 - alpha) + 127) / 255);
      }
    }
    return new PixelRegion(r.width(), r.height(), 3, rgb);
  }

  /** OpenSlide's errors are sticky: once set, the handle reads nothing more. */
  private void checkError() throws SlideFormatException {
    String error = c.openslide_get_error(osr);
    if (error != null) {
      throw new SlideFormatException(source + ": OpenSlide cannot read it: " + error);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (osr != null) {
      c.openslide_close(osr);
    }
    cleanup.run();
  }
}
