package org.slideseg.common.mask;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One BigTIFF image file directory for a tiled, 8-bit, one-channel, Deflate-compressed image, gray
 * or with a palette. Values longer than 8 bytes go out of line, just before the directory.
 */
final class TiffDirectory {
  private static final short SHORT = 3;
  private static final short LONG = 4;
  private static final short ASCII = 2;
  private static final short RATIONAL = 5;
  private static final short LONG8 = 16;

  private record Entry(int tag, short type, long count, byte[] value) {}

  private final List<Entry> entries;
  private long nextOffsetField = -1;

  private TiffDirectory(List<Entry> entries) {
    this.entries = entries;
  }

  static TiffDirectory forLevel(
      int width,
      int height,
      int tileSize,
      boolean reduced,
      long[] offsets,
      long[] counts,
      TiffMetadata meta) {
    List<Entry> e = new ArrayList<>();
    e.add(new Entry(254, LONG, 1, le(4, reduced ? 1 : 0)));
    e.add(new Entry(256, LONG, 1, le(4, width)));
    e.add(new Entry(257, LONG, 1, le(4, height)));
    e.add(new Entry(258, SHORT, 1, le(2, 8)));
    e.add(new Entry(259, SHORT, 1, le(2, 8))); // Adobe Deflate
    boolean palette = !meta.palette().isEmpty();
    e.add(new Entry(262, SHORT, 1, le(2, palette ? 3 : 1))); // Palette or BlackIsZero
    if (!meta.description().isEmpty()) {
      byte[] text = (meta.description() + "\0").getBytes(StandardCharsets.US_ASCII);
      e.add(new Entry(270, ASCII, text.length, text));
    }
    e.add(new Entry(277, SHORT, 1, le(2, 1)));
    if (!Double.isNaN(meta.mpp())) {
      byte[] perCm = rational(10_000 / meta.mpp());
      e.add(new Entry(282, RATIONAL, 1, perCm));
      e.add(new Entry(283, RATIONAL, 1, perCm));
    }
    e.add(new Entry(284, SHORT, 1, le(2, 1)));
    if (!Double.isNaN(meta.mpp())) {
      e.add(new Entry(296, SHORT, 1, le(2, 3))); // centimetre
    }
    byte[] software = "slideseg\0".getBytes(StandardCharsets.US_ASCII);
    e.add(new Entry(305, ASCII, software.length, software));
    if (palette) {
      e.add(new Entry(320, SHORT, 3 * 256, colorMap(meta.palette())));
    }
    e.add(new Entry(322, LONG, 1, le(4, tileSize)));
    e.add(new Entry(323, LONG, 1, le(4, tileSize)));
    e.add(new Entry(324, LONG8, offsets.length, longs(offsets)));
    e.add(new Entry(325, LONG8, counts.length, longs(counts)));
    e.add(new Entry(339, SHORT, 1, le(2, 1)));
    return new TiffDirectory(e);
  }

  /**
   * Writes out-of-line values and the directory at the channel's end; returns the directory offset.
   */
  long write(FileChannel out) throws IOException {
    long[] valueAt = new long[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      byte[] v = entries.get(i).value();
      if (v.length > 8) {
        alignToWord(out);
        valueAt[i] = out.position();
        writeFully(out, ByteBuffer.wrap(v));
      }
    }
    alignToWord(out);
    long at = out.position();
    ByteBuffer dir =
        ByteBuffer.allocate(8 + 20 * entries.size() + 8).order(ByteOrder.LITTLE_ENDIAN);
    dir.putLong(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      dir.putShort((short) entry.tag()).putShort(entry.type()).putLong(entry.count());
      if (entry.value().length > 8) {
        dir.putLong(valueAt[i]);
      } else {
        dir.put(entry.value()).put(new byte[8 - entry.value().length]);
      }
    }
    nextOffsetField = at + 8 + 20L * entries.size();
    dir.putLong(0).flip();
    writeFully(out, dir);
    return at;
  }

  /** Where the offset of the next directory is stored, once written. */
  long nextOffsetField() {
    return nextOffsetField;
  }

  private static void alignToWord(FileChannel out) throws IOException {
    if (out.position() % 2 != 0) {
      writeFully(out, ByteBuffer.allocate(1));
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  private static byte[] le(int bytes, long v) {
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes == 2) {
      b.putShort((short) v);
    } else {
      b.putInt((int) v);
    }
    return b.array();
  }

  private static byte[] longs(long[] v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) {
      b.putLong(x);
    }
    return b.array();
  }

  /**
   * TIFF's ColorMap: 256 reds, then greens, then blues, 16 bits each; values beyond the palette are
   * black.
   */
  private static byte[] colorMap(List<Integer> palette) {
    ByteBuffer b = ByteBuffer.allocate(2 * 3 * 256).order(ByteOrder.LITTLE_ENDIAN);
    for (int shift = 16; shift >= 0; shift -= 8) {
      for (int i = 0; i < 256; i++) {
        int channel = i < palette.size() ? (palette.get(i) >> shift) & 0xff : 0;
        b.putShort((short) (channel * 257));
      }
    }
    return b.array();
  }

  private static byte[] rational(double v) {
    long denominator = 1000;
    return ByteBuffer.allocate(8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) Math.round(v * denominator))
        .putInt((int) denominator)
        .array();
  }
}
