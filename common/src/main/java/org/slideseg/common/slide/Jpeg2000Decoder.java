package org.slideseg.common.slide;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG 2000 tiles of a TIFF (a codestream, or a JP2 file, per tile) in pure Java with
 * JJ2000 (jai-imageio-jpeg2000), so executors need nothing installed. A reader is made here, not
 * looked up through ImageIO's registry, which a shaded jar or another plugin could change. YCbCr
 * components (Aperio's 33003, libvips' 33004) are turned into RGB here with JPEG's coefficients, as
 * OpenSlide and libvips do. Not thread-safe.
 */
final class Jpeg2000Decoder {
  private final String source;
  private final boolean ycbcr;
  private final J2KImageReader reader = new J2KImageReader(new J2KImageReaderSpi());

  /**
   * @param ycbcr three components are YCbCr, not RGB
   */
  Jpeg2000Decoder(String source, boolean ycbcr) {
    this.source = source;
    this.ycbcr = ycbcr;
  }

  /** The tile's pixels with {@code channels} channels, at least {@code width x height}. */
  PixelRegion decode(byte[] data, int width, int height, int channels) throws IOException {
    BufferedImage image;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in);
      image = reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw new SlideFormatException(
          source + ": corrupt JPEG 2000 tile: " + SlideFormatException.reason(e), e);
    }
    SlideFormatException.checkTileSize(
        source, "JPEG 2000", image.getWidth(), image.getHeight(), width, height);
    return ycbcr
        ? fromYCbCr(image.getRaster()).toChannels(channels)
        : PixelRegion.of(image, channels);
  }

  /** RGB from three YCbCr bands, rounded and clamped. */
  private PixelRegion fromYCbCr(Raster raster) throws SlideFormatException {
    if (raster.getNumBands() != 3) {
      throw new SlideFormatException(
          source + ": a YCbCr JPEG 2000 tile has " + raster.getNumBands() + " components, not 3");
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] row = new int[3 * w];
    byte[] out = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        double luma = row[3 * x];
        double cb = row[3 * x + 1] - 128.0;
        double cr = row[3 * x + 2] - 128.0;
        int o = 3 * (y * w + x);
        out[o] = clamp(luma + 1.402 * cr);
        out[o + 1] = clamp(luma - 0.344136 * cb - 0.714136 * cr);
        out[o + 2] = clamp(luma + 1.772 * cb);
      }
    }
    return new PixelRegion(w, h, 3, out);
  }

  private static byte clamp(double v) {
    return (byte) Math.max(0, Math.min(255, Math.round(v)));
  }

  void close() {
    reader.dispose();
  }
}
