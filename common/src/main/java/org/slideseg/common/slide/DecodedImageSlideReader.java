package org.slideseg.common.slide;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;

/**
 * A PNG or JPEG image as a one-level slide. These formats cannot be read by region, so the image is
 * decoded once on open; images above {@link #MAX_PIXELS} are refused with advice to convert them to
 * a tiled TIFF instead of exhausting the executor's memory.
 */
record DecodedImageSlideReader(String source, PixelRegion pixels, SlidePyramid pyramid)
    implements SlideReader {
  static final long MAX_PIXELS = 100_000_000L;

  DecodedImageSlideReader(String source, HadoopImageInputStream input) throws IOException {
    this(source, decode(source, input));
  }

  /** A slide of pixels already in memory. */
  DecodedImageSlideReader(String source, PixelRegion pixels) {
    this(
        source,
        pixels,
        new SlidePyramid(
            List.of(
                new PyramidLevel(
                    pixels.width(), pixels.height(), pixels.width(), pixels.height(), 1)),
            pixels.channels(),
            Double.NaN));
  }

  private static PixelRegion decode(String source, HadoopImageInputStream input)
      throws IOException {
    try (input) {
      return decodeChecked(source, input);
    } catch (EOFException e) {
      throw new SlideFormatException(source + ": the image file is truncated", e);
    } catch (IIOException e) {
      if (e.getCause() instanceof IOException && !(e.getCause() instanceof EOFException)) {
        throw e; // the storage failed, not the data: worth retrying
      }
      throw new SlideFormatException(
          source + ": cannot decode the image: " + SlideFormatException.reason(e), e);
    } catch (RuntimeException e) {
      throw new SlideFormatException(source + ": cannot decode the image: " + e, e);
    }
  }

  private static PixelRegion decodeChecked(String source, HadoopImageInputStream input)
      throws IOException {
    var reader = ImageIO.getImageReaders(input);
    if (!reader.hasNext()) {
      throw new SlideFormatException(source + ": no image decoder recognises this file");
    }
    var decoder = reader.next();
    try {
      decoder.setInput(input);
      long size = (long) decoder.getWidth(0) * decoder.getHeight(0);
      if (size > MAX_PIXELS) {
        throw new SlideFormatException(
            source
                + ": "
                + decoder.getWidth(0)
                + " x "
                + decoder.getHeight(0)
                + " pixels is too large "
                + "for an untiled image; convert it to a tiled pyramidal TIFF "
                + "(vips tiffsave in.png out.tif --tile --pyramid --bigtiff)");
      }
      BufferedImage image = decoder.read(0);
      int bits = image.getSampleModel().getSampleSize(0);
      if (bits != 8) {
        throw new SlideFormatException(
            source + ": " + bits + "-bit samples are not supported; slides need 8-bit gray or RGB");
      }
      int channels = image.getColorModel().getColorSpace().getNumComponents() == 1 ? 1 : 3;
      return PixelRegion.of(image, channels);
    } finally {
      decoder.dispose();
    }
  }

  @Override
  public PixelRegion readRegion(RegionRequest request) {
    checkInside(request);
    int c = pixels.channels();
    byte[] out = new byte[request.width() * request.height() * c];
    for (int row = 0; row < request.height(); row++) {
      System.arraycopy(
          pixels.pixels(),
          ((request.y() + row) * pixels.width() + request.x()) * c,
          out,
          row * request.width() * c,
          request.width() * c);
    }
    return new PixelRegion(request.width(), request.height(), c, out);
  }

  @Override
  public void close() {}
}
