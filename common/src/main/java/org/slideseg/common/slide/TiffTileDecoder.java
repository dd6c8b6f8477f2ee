package org.slideseg.common.slide;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slideseg.common.zlib.Inflate;

/**
 * Decodes one stored tile (or strip) of a chunky TIFF image into 8-bit gray or RGB samples (16-bit
 * and float samples through a {@link SampleMap}): uncompressed, LZW, Deflate, Zstandard, JPEG
 * ({@link JpegDecoder}) and JPEG 2000 ({@link Jpeg2000Decoder}), with or without the horizontal
 * predictor; BlackIsZero, WhiteIsZero, RGB, palette, and YCbCr in JPEG and JPEG 2000 tiles. A
 * palette image gives its colours, or as labels its sample values (a mask's classes). Not
 * thread-safe.
 */
final class TiffTileDecoder {
  private static final int NONE = 1;
  private static final int LZW = 5;
  private static final int JPEG = 7;
  private static final int DEFLATE = 8;
  private static final int DEFLATE_OLD = 32946;
  private static final int ZSTD = 50000;
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
  private final boolean floatPredictor;
  private final long[] colorMap;
  private final boolean labels;
  private final SampleType type;
  private final ByteOrder order;
  private final JpegDecoder jpeg;
  private final Jpeg2000Decoder jpeg2000;

  /**
   * @param sampleFormat the SampleFormat where the directory states none: 1 (unsigned), or level
   *     0's for reduced levels, which libvips writes without it for float pyramids
   * @param labels the image holds class labels: its palette (if any) is not applied
   */
  TiffTileDecoder(String source, TiffIfd ifd, ByteOrder order, long sampleFormat, boolean labels)
      throws IOException {
    this.source = source;
    this.compression = (int) ifd.number(TiffIfd.COMPRESSION, NONE);
    this.photometric = (int) ifd.number(TiffIfd.PHOTOMETRIC, 1);
    this.samplesPerPixel = (int) ifd.number(TiffIfd.SAMPLES_PER_PIXEL, 1);
    this.predictor = ifd.number(TiffIfd.PREDICTOR, 1) == 2;
    this.floatPredictor = ifd.number(TiffIfd.PREDICTOR, 1) == 3;
    this.colorMap = ifd.array(TiffIfd.COLOR_MAP);
    this.labels = labels;
    this.order = order;
    this.type = sampleType(source, ifd, sampleFormat);
    if (type != SampleType.UINT8 && labels) {
      throw new SlideFormatException(source + ": class labels are 8-bit, not " + type);
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
        && compression != ZSTD
        && !jpeg2000Tiles) {
      throw new SlideFormatException(source + ": " + unsupportedCompression(compression));
    }
    if (photometric == 6 && compression != JPEG && !jpeg2000Tiles) {
      throw new SlideFormatException(
          source + ": YCbCr samples are supported only in JPEG and JPEG 2000 tiles");
    }
    if (type != SampleType.UINT8) {
      checkWide(ifd, compression == JPEG || jpeg2000Tiles);
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
    this.channels = channels(ifd);
    // YCbCr components: Aperio's 33003, and libvips' 33004, which stores colour as YCbCr while its
    // TIFF says RGB (libvips converts every three-component tile back; no other writer of 33004
    // is known); 33005 and GDAL's 34712 are RGB.
    boolean ycbcr =
        compression == APERIO_JPEG2000_YCBCR
            || (compression == JPEG2000 && samplesPerPixel == 3)
            || photometric == 6;
    this.jpeg2000 = jpeg2000Tiles ? new Jpeg2000Decoder(source, ycbcr) : null;
    this.jpeg =
        compression == JPEG ? new JpegDecoder(source, ifd.bytes().get(TiffIfd.JPEG_TABLES)) : null;
  }

  /**
   * Palette and RGB images give three channels (alpha dropped), labels one, and gray images one per
   * sample: a multi-channel image (fluorescence) stores its channels as gray samples, which libvips
   * labels alpha; only gray plus one alpha sample is gray alone.
   */
  private int channels(TiffIfd ifd) throws SlideFormatException {
    if (labels) {
      return 1;
    }
    if (photometric != 0 && photometric != 1) {
      return 3;
    }
    long[] extra = ifd.array(TiffIfd.EXTRA_SAMPLES);
    boolean grayAndAlpha =
        samplesPerPixel == 2
            && extra != null
            && extra.length == 1
            && (extra[0] == 1 || extra[0] == 2);
    int gray = grayAndAlpha ? 1 : samplesPerPixel;
    if (gray > PixelRegion.MOST_CHANNELS) {
      throw new SlideFormatException(
          source + ": " + gray + " channels; slideseg reads up to " + PixelRegion.MOST_CHANNELS);
    }
    return gray;
  }

  /** 8-bit, 16-bit unsigned or 32-bit float samples; anything else is refused, naming it. */
  private static SampleType sampleType(String source, TiffIfd ifd, long sampleFormat)
      throws SlideFormatException {
    long bits = ifd.number(TiffIfd.BITS_PER_SAMPLE, 1);
    long format = ifd.number(TiffIfd.SAMPLE_FORMAT, sampleFormat);
    if (bits == 8 && format == 1) {
      return SampleType.UINT8;
    }
    if (bits == 16 && format == 1) {
      return SampleType.UINT16;
    }
    if (bits == 32 && format == 3) {
      return SampleType.FLOAT32;
    }
    String kind = format == 3 ? " float" : format == 2 ? " signed" : "";
    throw new SlideFormatException(
        source
            + ": "
            + bits
            + "-bit"
            + kind
            + " samples are not supported; slides need 8-bit or 16-bit unsigned integers or"
            + " 32-bit floats");
  }

  /** 16-bit and float images: gray or RGB, uncompressed or losslessly compressed. */
  private void checkWide(TiffIfd ifd, boolean jpegTiles) throws SlideFormatException {
    boolean gray = (photometric == 0 || photometric == 1) && samplesPerPixel >= 1;
    boolean rgb = photometric == 2 && samplesPerPixel >= 3;
    if (!gray && !rgb) {
      throw new SlideFormatException(
          source
              + ": "
              + type
              + " samples are read as gray or RGB only (photometric "
              + photometric
              + ")");
    }
    if (jpegTiles) {
      throw new SlideFormatException(
          source + ": " + type + " samples in JPEG tiles are not supported");
    }
    if (floatPredictor && type != SampleType.FLOAT32) {
      throw new SlideFormatException(
          source + ": the floating-point predictor (TIFF code 3) on " + type + " samples");
    }
  }

  /** Names a known compression this reader lacks; an unknown code means the file is not a TIFF. */
  private static String unsupportedCompression(int code) {
    String known =
        switch (code) {
          case 2, 3, 4 -> "CCITT fax";
          case 6 -> "old-style JPEG";
          case 32773 -> "PackBits";
          case 34925 -> "LZMA";
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
            + ") is not supported; none, LZW, JPEG, Deflate, Zstandard and JPEG 2000 are"
            + " (convert with: vips tiffsave in out.tif --tile --pyramid --compression jpeg)";
  }

  /** Decoded bytes of a block; blocks above {@link #MAX_BLOCK_BYTES} are refused when opened. */
  long blockBytes(int width, int height) {
    return (long) width * height * samplesPerPixel * type.bytes();
  }

  boolean compressed() {
    return compression != NONE;
  }

  int channels() {
    return channels;
  }

  SampleType type() {
    return type;
  }

  /**
   * Decodes {@code data}, a stored block of {@code width} x {@code height} pixels, into 8-bit
   * samples through {@code map}.
   */
  PixelRegion decode(byte[] data, int width, int height, SampleMap map) throws IOException {
    if (type != SampleType.UINT8) {
      return new PixelRegion(width, height, channels, map.map(samples(data, width, height)));
    }
    return map.map(decodeBytes(data, width, height));
  }

  /**
   * The block's samples as stored (16-bit, float or 8-bit), {@code width x height} of them, for
   * percentiles.
   */
  float[] samples(byte[] data, int width, int height) throws IOException {
    if (type == SampleType.UINT8) {
      PixelRegion decoded = decodeBytes(data, width, height); // JPEG tiles may decode larger
      float[] out = new float[width * height * channels];
      for (int y = 0; y < height; y++) {
        for (int i = 0; i < width * channels; i++) {
          out[y * width * channels + i] =
              decoded.pixels()[y * decoded.width() * channels + i] & 0xff;
        }
      }
      return out;
    }
    int n = width * height;
    byte[] raw = inflated(data, (int) blockBytes(width, height));
    float[] all =
        floatPredictor ? unshuffledFloats(raw, width, height) : wideValues(raw, width, height);
    float[] out = new float[n * channels];
    for (int p = 0; p < n; p++) {
      for (int c = 0; c < channels; c++) {
        float v = all[p * samplesPerPixel + c];
        out[p * channels + c] = photometric == 0 ? (float) type.fullRange() - v : v;
      }
    }
    return out;
  }

  /**
   * 16-bit or float values in the file's byte order, the horizontal predictor undone on the values'
   * bits (libtiff differences 16- and 32-bit words alike, floats as their bits).
   */
  private float[] wideValues(byte[] raw, int width, int height) {
    int count = width * height * samplesPerPixel;
    ByteBuffer buffer = ByteBuffer.wrap(raw).order(order);
    int[] bits = new int[count];
    for (int i = 0; i < count; i++) {
      bits[i] = type == SampleType.UINT16 ? buffer.getShort() & 0xffff : buffer.getInt();
    }
    if (predictor) {
      int row = width * samplesPerPixel;
      int mask = type == SampleType.UINT16 ? 0xffff : -1;
      for (int y = 0; y < height; y++) {
        for (int i = y * row + samplesPerPixel; i < (y + 1) * row; i++) {
          bits[i] = (bits[i] + bits[i - samplesPerPixel]) & mask;
        }
      }
    }
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = type == SampleType.UINT16 ? bits[i] : Float.intBitsToFloat(bits[i]);
    }
    return out;
  }

  /**
   * Floats under the floating-point predictor (TIFF code 3): each row's bytes differenced, and the
   * bytes of its values regrouped, most significant first, whatever the file's byte order.
   */
  private float[] unshuffledFloats(byte[] raw, int width, int height) {
    int count = width * samplesPerPixel;
    int rowBytes = count * 4;
    float[] out = new float[count * height];
    for (int y = 0; y < height; y++) {
      int base = y * rowBytes;
      for (int i = base + 1; i < base + rowBytes; i++) {
        raw[i] += raw[i - 1];
      }
      for (int i = 0; i < count; i++) {
        int bits =
            (raw[base + i] & 0xff) << 24
                | (raw[base + count + i] & 0xff) << 16
                | (raw[base + 2 * count + i] & 0xff) << 8
                | (raw[base + 3 * count + i] & 0xff);
        out[y * count + i] = Float.intBitsToFloat(bits);
      }
    }
    return out;
  }

  /** An 8-bit block as stored. */
  private PixelRegion decodeBytes(byte[] data, int width, int height) throws IOException {
    if (compression == JPEG) {
      return jpeg.decode(data, width, height, channels);
    }
    if (jpeg2000 != null) {
      return jpeg2000.decode(data, width, height, channels);
    }
    int rowBytes = width * samplesPerPixel; // fits: blocks are at most MAX_BLOCK_BYTES
    byte[] raw = inflated(data, rowBytes * height);
    if (predictor) {
      for (int y = 0; y < height; y++) {
        for (int i = y * rowBytes + samplesPerPixel; i < (y + 1) * rowBytes; i++) {
          raw[i] += raw[i - samplesPerPixel];
        }
      }
    }
    return toChannels(raw, width, height);
  }

  /**
   * The block's bytes uncompressed (LZW, Deflate, Zstandard or none), checked for length: a stored
   * block cut short (a wrong byte count, a file cut and patched) must fail, not read as black.
   */
  private byte[] inflated(byte[] data, int expected) throws IOException {
    byte[] raw =
        switch (compression) {
          case LZW -> LzwDecoder.decode(data, expected);
          case DEFLATE, DEFLATE_OLD -> inflate(data, expected);
          case ZSTD -> zstd(data, expected);
          default -> data;
        };
    if (raw.length < expected) {
      throw new SlideFormatException(
          String.format(
              "%s: the tile is cut short: its %d stored bytes give %d bytes of samples, not %d",
              source, data.length, raw.length, expected));
    }
    return raw;
  }

  private byte[] zstd(byte[] data, int expected) throws SlideFormatException {
    byte[] out = new byte[expected];
    try {
      int n = (int) Zstd.decompress(out, data);
      return n == expected ? out : Arrays.copyOf(out, n);
    } catch (ZstdException e) {
      if (e.getErrorCode() == Zstd.errSrcSizeWrong()) {
        throw new SlideFormatException(
            String.format(
                "%s: the tile is cut short: its %d stored bytes end inside its Zstandard frame",
                source, data.length));
      }
      throw new SlideFormatException(source + ": corrupt Zstandard tile: " + e.getMessage(), e);
    }
  }

  private PixelRegion toChannels(byte[] raw, int width, int height) {
    int n = width * height;
    if (samplesPerPixel == channels && photometric != 0 && photometric != 3) {
      // Gray or RGB samples as stored: this block's own buffer (the predictor already changed it in
      // place), cut to size where the stored block is longer, not copied a pixel at a time.
      byte[] samples = raw.length == n * channels ? raw : Arrays.copyOf(raw, n * channels);
      return new PixelRegion(width, height, channels, samples);
    }
    byte[] out = new byte[n * channels];
    for (int p = 0; p < n; p++) {
      int s = p * samplesPerPixel;
      switch (photometric) {
        case 0 -> {
          for (int c = 0; c < channels; c++) {
            out[p * channels + c] = (byte) ~raw[s + c];
          }
        }
        case 1 -> System.arraycopy(raw, s, out, p * channels, channels);
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
    byte[] fast = new byte[expected];
    if (Inflate.into(data, 0, data.length, fast, fast.length)) {
      return fast;
    }
    Inflater inflater = new Inflater(); // tells what is wrong, or how much a short tile holds
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
      return n == expected ? out : Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw new SlideFormatException(
          source + ": corrupt Deflate tile: " + SlideFormatException.reason(e), e);
    } finally {
      inflater.end();
    }
  }

  void close() {
    if (jpeg != null) {
      jpeg.close();
    }
    if (jpeg2000 != null) {
      jpeg2000.close();
    }
  }
}
