package org.slideseg.common.slide;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Decoded 8-bit pixels of a region, interleaved by channel (gray: 1, RGB: 3, or up to {@link
 * #MOST_CHANNELS} of a multi-channel image such as fluorescence), row-major.
 *
 * <p>The array is owned by this value once constructed; callers must not modify it.
 */
public record PixelRegion(int width, int height, int channels, byte[] pixels) {
  public static final int MOST_CHANNELS = 16;

  public PixelRegion {
    if (channels < 1 || channels > MOST_CHANNELS) {
      throw new IllegalArgumentException("channels " + channels + " is not 1 to " + MOST_CHANNELS);
    }
    if (pixels.length != width * height * channels) {
      throw new IllegalArgumentException(
          "pixel array of "
              + pixels.length
              + " bytes does not hold "
              + width
              + " x "
              + height
              + " x "
              + channels);
    }
  }

  /** The unsigned value of channel {@code c} at column {@code x}, row {@code y}. */
  public int sample(int x, int y, int c) {
    return pixels[(y * width + x) * channels + c] & 0xff;
  }

  /**
   * A decoded image as 8-bit samples with the given channel count: palettes are expanded, alpha is
   * dropped, then {@link #toChannels} converts between gray and RGB. Takes the image's own array
   * where it already is the region (a decoder's gray image), so pass an image that is not changed
   * afterwards: a copy of every gray JPEG tile cost 0.2 of a 16k no-op run's 20 CPU-seconds.
   */
  public static PixelRegion of(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    boolean palette = image.getColorModel() instanceof IndexColorModel;
    int own = !palette && image.getColorModel().getColorSpace().getNumComponents() == 1 ? 1 : 3;
    byte[] bytes = palette ? null : bytesOf(raster);
    if (bytes != null) {
      return fromBytes(raster, bytes, w, h, own).toChannels(channels);
    }
    int bands = raster.getNumBands();
    int[] row = new int[w * bands];
    byte[] out = new byte[w * h * own];
    // 16-bit PNGs: their full range onto 0-255, not their low bytes.
    int bits = raster.getSampleModel().getSampleSize(0);
    double scale = palette || bits <= 8 ? 1 : 255.0 / ((1L << bits) - 1);
    for (int y = 0; y < h; y++) {
      if (palette) {
        image.getRGB(0, y, w, 1, row, 0, w);
      } else {
        raster.getPixels(0, y, w, 1, row);
      }
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * own;
        for (int c = 0; c < own; c++) {
          out[o + c] =
              (byte) (palette ? row[x] >> (16 - 8 * c) : Math.round(row[x * bands + c] * scale));
        }
      }
    }
    return new PixelRegion(w, h, own, out).toChannels(channels);
  }

  /** The raster's bytes where they can be read directly (the decoders' usual output), else null. */
  private static byte[] bytesOf(Raster raster) {
    boolean direct =
        raster.getDataBuffer() instanceof DataBufferByte buffer
            && buffer.getNumBanks() == 1
            && raster.getSampleModel() instanceof ComponentSampleModel
            && raster.getSampleModelTranslateX() == 0
            && raster.getSampleModelTranslateY() == 0;
    return direct ? ((DataBufferByte) raster.getDataBuffer()).getData() : null;
  }

  /**
   * The first {@code own} bands of an 8-bit interleaved raster, read from its bytes: {@code
   * Raster.getPixels} goes through an int per sample and took longer than decoding the JPEG tile.
   */
  private static PixelRegion fromBytes(Raster raster, byte[] data, int w, int h, int own) {
    var model = (ComponentSampleModel) raster.getSampleModel();
    int[] offsets = model.getBandOffsets();
    int step = model.getPixelStride();
    boolean gray = own == 1 && step == 1 && offsets[0] == 0 && model.getScanlineStride() == w;
    if (gray && data.length == w * h) {
      return new PixelRegion(w, h, 1, data);
    }
    byte[] out = new byte[w * h * own];
    if (gray) {
      System.arraycopy(data, 0, out, 0, out.length);
    } else {
      for (int y = 0; y < h; y++) {
        int row = y * model.getScanlineStride();
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < own; c++) {
            out[(y * w + x) * own + c] = data[row + x * step + offsets[c]];
          }
        }
      }
    }
    return new PixelRegion(w, h, own, out);
  }

  /**
   * This region with {@code target} channels: RGB to gray by luma, gray to RGB by repetition.
   *
   * @throws IllegalArgumentException for other channel counts, which no rule converts
   */
  public PixelRegion toChannels(int target) {
    if (target == channels) {
      return this;
    }
    if (!convertible(channels, target)) {
      throw new IllegalArgumentException(
          "pixels of " + channels + " channels cannot become " + target + " channels");
    }
    int n = width * height;
    byte[] out = new byte[n * target];
    for (int i = 0; i < n; i++) {
      if (target == 1) {
        out[i] =
            (byte) luma(pixels[3 * i] & 0xff, pixels[3 * i + 1] & 0xff, pixels[3 * i + 2] & 0xff);
      } else {
        out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = pixels[i];
      }
    }
    return new PixelRegion(width, height, target, out);
  }

  /** Whether {@link #toChannels} converts {@code from} channels to {@code to}. */
  public static boolean convertible(int from, int to) {
    return from == to || (from == 1 || from == 3) && (to == 1 || to == 3);
  }

  /**
   * This region as a viewer shows it, gray or RGB: a multi-channel image by its first channel, as
   * gray.
   */
  public PixelRegion forDisplay() {
    if (channels == 1 || channels == 3) {
      return this;
    }
    byte[] out = new byte[width * height];
    for (int i = 0; i < out.length; i++) {
      out[i] = pixels[i * channels];
    }
    return new PixelRegion(width, height, 1, out);
  }

  /** Rec. 601 luma, rounded. */
  private static int luma(int r, int g, int b) {
    return Math.round(0.299f * r + 0.587f * g + 0.114f * b);
  }
}
