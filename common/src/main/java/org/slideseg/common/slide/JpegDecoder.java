package org.slideseg.common.slide;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the JPEG tiles of a TIFF (JPEGTables, if any, put in front of each tile's stream). Plain
 * streams, one gray or three colour components in baseline, extended or progressive Huffman coding
 * with neither an Adobe nor an ICC marker, go to the JDK's decoder; all others to TwelveMonkeys',
 * which reads more variants (CMYK and YCCK, lossless, Adobe's colour transforms, embedded
 * profiles). TwelveMonkeys' reader hands plain streams to the JDK's too, but first parses each
 * stream's header itself: through it, a 16k no-op run took 3-9 % more CPU time, and its header
 * tables were 0.9 of the 7.4 GB that the bench process allocated (async-profiler). Not thread-safe.
 */
final class JpegDecoder {
  private static final int SOF0 = 0xc0;
  private static final int SOF2 = 0xc2;
  private static final int SOS = 0xda;
  private static final int APP2 = 0xe2;
  private static final int APP14 = 0xee;
  private static final int EOI = 0xd9;

  private final String source;
  private final byte[] tables;
  private ImageReader plainReader;
  private ImageReader anyReader;

  /**
   * @param tables the directory's JPEGTables (a stream of tables only), or null
   */
  JpegDecoder(String source, byte[] tables) {
    this.source = source;
    this.tables = tables != null && tables.length > 4 ? tables : null;
  }

  /** The tile's pixels with {@code channels} channels, at least {@code width x height}. */
  PixelRegion decode(byte[] data, int width, int height, int channels) throws IOException {
    checkEnd(data);
    byte[] stream = withTables(data);
    ImageReader reader = plain(stream) ? plainReader() : anyReader();
    // A stream cached in memory: ImageIO.createImageInputStream caches in a temporary file by
    // default, which halved the decoder's speed.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(stream))) {
      reader.setInput(in);
      PixelRegion decoded = PixelRegion.of(reader.read(0), channels);
      SlideFormatException.checkTileSize(
          source, "JPEG", decoded.width(), decoded.height(), width, height);
      return decoded;
    }
  }

  /**
   * A tile cut short ends without its end-of-image marker. Both decoders only warn of that and fill
   * the rest of the tile with gray; libtiff warns too. In the coded data every 0xff byte is
   * followed by 0x00 or a restart marker, so 0xff 0xd9 there is the true end; writers may pad after
   * it with zeros.
   */
  private void checkEnd(byte[] data) throws SlideFormatException {
    int end = data.length;
    while (end > 2 && data[end - 1] == 0) {
      end--;
    }
    if (end < 2 || (data[end - 2] & 0xff) != 0xff || (data[end - 1] & 0xff) != EOI) {
      throw new SlideFormatException(
          source
              + ": the JPEG tile is cut short: its "
              + data.length
              + " stored bytes end before its end-of-image marker");
    }
  }

  /** An abbreviated tile stream completed: the tables (without their EOI), then the tile. */
  private byte[] withTables(byte[] data) {
    if (tables == null) {
      return data;
    }
    byte[] stream = new byte[tables.length + data.length - 4];
    System.arraycopy(tables, 0, stream, 0, tables.length - 2);
    System.arraycopy(data, 2, stream, tables.length - 2, data.length - 2);
    return stream;
  }

  /**
   * Whether the JDK's decoder gives the stream's pixels as TwelveMonkeys' would: its markers up to
   * the scan say so. A stream that cannot be parsed is not plain, and TwelveMonkeys' reader names
   * what is wrong with it.
   */
  static boolean plain(byte[] stream) {
    int at = 2; // after SOI
    while (at + 4 <= stream.length && (stream[at] & 0xff) == 0xff) {
      int marker = stream[at + 1] & 0xff;
      int length = (stream[at + 2] & 0xff) << 8 | (stream[at + 3] & 0xff);
      if (marker == SOS || marker == APP2 || marker == APP14) {
        return false; // a scan before any frame, or a marker TwelveMonkeys acts on
      }
      if (marker >= SOF0 && marker <= SOF2) {
        int components = at + 9 < stream.length ? stream[at + 9] & 0xff : 0;
        return stream[at + 4] == 8 && (components == 1 || components == 3);
      }
      at += 2 + length;
    }
    return false;
  }

  private ImageReader plainReader() {
    if (plainReader == null) {
      plainReader = registered(r -> r.getClass().getModule() == ImageIO.class.getModule(), "JDK");
    }
    return plainReader;
  }

  private ImageReader anyReader() {
    if (anyReader == null) {
      anyReader = registered(r -> r instanceof JPEGImageReader, "TwelveMonkeys");
    }
    return anyReader;
  }

  /**
   * A JPEG decoder from ImageIO's registry: TwelveMonkeys' finds the JDK's, to which it hands the
   * decoding, only when registered there.
   */
  static ImageReader registered(Predicate<ImageReader> which, String whose) {
    var readers = ImageIO.getImageReadersByFormatName("jpeg");
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (which.test(reader)) {
        return reader;
      }
    }
    throw new IllegalStateException("ImageIO has no JPEG decoder of " + whose);
  }

  void close() {
    if (plainReader != null) {
      plainReader.dispose();
    }
    if (anyReader != null) {
      anyReader.dispose();
    }
  }
}
