package org.slideseg.common.slide;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one stored tile (or strip) of an 8-bit chunky TIFF image into gray or RGB samples:
 * uncompressed, LZW, Deflate, JPEG (with shared JPEGTables) and JPEG 2000 ({@link
 * Jpeg2000Decoder}), with or without the horizontal predictor; BlackIsZero, WhiteIsZero, RGB,
 * palette, and YCbCr in JPEG and JPEG 2000 tiles. A palette image gives its colours, or as labels
 * its sample values (a mask's classes). Not thread-safe.
 */
final class TiffTileDecoder {
  private static final int NONE = 1;
  private static final int LZW = 5;
  private static final int JPEG = 7;
  private static final int DEFLATE = 8;
  private static final int DEFLATE_OLD = 32946;
  private static final int APERIO_JPEG2000_YCBCR = 33003;
  private static final int JPEG2000 = 33004;
  private static final int APERIO_JPEG2000_RGB = 33005;
  private static final int JPEG2000_GDAL = 34712;

  /** The largest tile or strip decoded in one piece: 256 MiB. */
  static final long MAX_BLOCK_BYTES = 1L << 28;

  private final String source;
  private final int compression;
  private final int photometric;
  private final int samplesPerPixel;
  private final int channels;
  private final boolean predictor;
  private final byte[] jpegTables;
  private final long[] colorMap;
  private final boolean labels;
  private ImageReader jpegReader;
  private final Jpeg2000Decoder jpeg2000;

  /**
   * @param labels the image holds class labels: its palette (if any) is not applied
   */
  TiffTileDecoder(String source, TiffIfd ifd, boolean labels) throws IOException {
    this.source = source;
    this.compression = (int) ifd.number(TiffIfd.COMPRESSION, NONE);
    this.photometric = (int) ifd.number(TiffIfd.PHOTOMETRIC, 1);
    this.samplesPerPixel = (int) ifd.number(TiffIfd.SAMPLES_PER_PIXEL, 1);
    this.predictor = ifd.number(TiffIfd.PREDICTOR, 1) == 2;
    this.jpegTables = ifd.bytes().get(TiffIfd.JPEG_TABLES);
    this.colorMap = ifd.array(TiffIfd.COLOR_MAP);
    this.labels = labels;
    long bits = ifd.number(TiffIfd.BITS_PER_SAMPLE, 1);
    if (bits != 8) {
      throw new SlideFormatException(
          source + ": " + bits + "-bit samples are not supported; slides need 8-bit gray or RGB");
    }
    if (ifd.number(TiffIfd.PLANAR_CONFIGURATION, 1) != 1) {
      throw new SlideFormatException(source + ": planar (separate) sample layout is not supported");
    }
    boolean jpeg2000Tiles =
        compression == APERIO_JPEG2000_YCBCR
            || compression == JPEG2000
            || compression == APERIO_JPEG2000_RGB
            || compression == JPEG2000_GDAL;
    if (compression != NONE
        && compression != LZW
        && compression != JPEG
        && compression != DEFLATE
        && compression != DEFLATE_OLD
        && !jpeg2000Tiles) {
      throw new SlideFormatException(source + ": " + unsupportedCompression(compression));
    }
    if (photometric == 6 && compression != JPEG && !jpeg2000Tiles) {
      throw new SlideFormatException(
          source + ": YCbCr samples are supported only in JPEG and JPEG 2000 tiles");
    }
    if (photometric == 3 && colorMap == null) {
      throw new SlideFormatException(source + ": palette image without a ColorMap");
    }
    if (labels && photometric != 1 && photometric != 3) {
      throw new SlideFormatException(
          source
              + ": not an image of class labels (photometric interpretation "
              + photometric
              + "; a mask is gray or has a palette)");
    }
    this.channels = photometric == 0 || photometric == 1 || labels ? 1 : 3;
    // YCbCr components: Aperio's 33003, and libvips' 33004, which stores colour as YCbCr while its
    // TIFF says RGB (libvips converts every three-component tile back; no other writer of 33004
    // is known); 33005 and GDAL's 34712 are RGB.
    boolean ycbcr =
        compression == APERIO_JPEG2000_YCBCR
            || (compression == JPEG2000 && samplesPerPixel == 3)
            || photometric == 6;
    this.jpeg2000 = jpeg2000Tiles ? new Jpeg2000Decoder(source, ycbcr) : null;
  }

  /** Names a known compression this reader lacks; an unknown code means the file is not a TIFF. */
  private static String unsupportedCompression(int code) {
    String known =
        switch (code) {
          case 2, 3, 4 -> "CCITT fax";
          case 6 -> "old-style JPEG";
          case 32773 -> "PackBits";
          case 34925 -> "LZMA";
          case 50000 -> "Zstandard";
          case 50001 -> "WebP";
          case 50002 -> "JPEG XL";
          default -> null;
        };
    return known == null
        ? "not a valid TIFF: its image declares compression code "
            + code
            + ", which is no TIFF compression; the file is corrupt or not a TIFF"
        : known
            + " compression (TIFF code "
            + code
            + ") is not supported; none, LZW, JPEG, Deflate and JPEG 2000 are"
            + " (convert with: vips tiffsave in out.tif --tile --pyramid --compression jpeg)";
  }

  /** Decoded bytes of a block; blocks above {@link #MAX_BLOCK_BYTES} are refused when opened. */
  long blockBytes(int width, int height) {
    return (long) width * height * samplesPerPixel;
  }

  boolean compressed() {
    return compression != NONE;
  }

  int channels() {
    return channels;
  }

  /** Decodes {@code data}, a stored block of {@code width} x {@code height} pixels. */
  PixelRegion decode(byte[] data, int width, int height) throws IOException {
    if (compression == JPEG) {
      return decodeJpeg(data, width, height);
    }
    if (jpeg2000 != null) {
      return jpeg2000.decode(data, width, height, channels);
    }
    int rowBytes = width * samplesPerPixel; // fits: blocks are at most MAX_BLOCK_BYTES
    byte[] raw =
        switch (compression) {
          case LZW -> LzwDecoder.decode(data, rowBytes * height);
          case DEFLATE, DEFLATE_OLD -> inflate(data, rowBytes * height);
          default -> data;
        };
    if (raw.length < rowBytes * height) {
      throw new SlideFormatException(
          source + ": tile holds " + raw.length + " bytes, expected " + blockBytes(width, height));
    }
    if (predictor) {
      for (int y = 0; y < height; y++) {
        for (int i = y * rowBytes + samplesPerPixel; i < (y + 1) * rowBytes; i++) {
          raw[i] += raw[i - samplesPerPixel];
        }
      }
    }
    return toChannels(raw, width, height);
  }

  private PixelRegion toChannels(byte[] raw, int width, int height) {
    int n = width * height;
    byte[] out = new byte[n * channels];
    for (int p = 0; p < n; p++) {
      int s = p * samplesPerPixel;
      switch (photometric) {
        case 0 -> out[p] = (byte) ~raw[s];
        case 1 -> out[p] = raw[s];
        case 3 -> {
          if (labels) {
            out[p] = raw[s];
          } else {
            int index = raw[s] & 0xff;
            int entries = colorMap.length / 3;
            for (int c = 0; c < 3; c++) {
              out[3 * p + c] = (byte) (colorMap[c * entries + index] >> 8);
            }
          }
        }
        default -> System.arraycopy(raw, s, out, 3 * p, 3);
      }
    }
    return new PixelRegion(width, height, channels, out);
  }

  private byte[] inflate(byte[] data, int expected) throws IOException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      byte[] out = new byte[expected];
      int n = 0;
      while (n < expected && !inflater.finished()) {
        int k = inflater.inflate(out, n, expected - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      return out;
    } catch (DataFormatException e) {
      throw new SlideFormatException(
          source + ": corrupt Deflate tile: " + SlideFormatException.reason(e), e);
    } finally {
      inflater.end();
    }
  }

  private PixelRegion decodeJpeg(byte[] data, int width, int height) throws IOException {
    byte[] stream = data;
    if (jpegTables != null && jpegTables.length > 4) {
      // Abbreviated tile stream: tables (without their EOI) followed by the tile (without its SOI).
      var joined = new ByteArrayOutputStream(jpegTables.length + data.length);
      joined.write(jpegTables, 0, jpegTables.length - 2);
      joined.write(data, 2, data.length - 2);
      stream = joined.toByteArray();
    }
    if (jpegReader == null) {
      jpegReader = ImageIO.getImageReadersByFormatName("jpeg").next();
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(stream))) {
      jpegReader.setInput(in);
      BufferedImage image = jpegReader.read(0);
      PixelRegion decoded = PixelRegion.of(image, channels);
      if (decoded.width() < width || decoded.height() < height) {
        throw new SlideFormatException(
            source
                + ": JPEG tile is "
                + decoded.width()
                + " x "
                + decoded.height()
                + ", expected "
                + width
                + " x "
                + height);
      }
      return decoded;
    }
  }

  void close() {
    if (jpegReader != null) {
      jpegReader.dispose();
    }
    if (jpeg2000 != null) {
      jpeg2000.close();
    }
  }
}
