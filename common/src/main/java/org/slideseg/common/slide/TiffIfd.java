package org.slideseg.common.slide;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.stream.ImageInputStream;

/**
 * One image file directory of a TIFF or BigTIFF file: the tags a slide reader needs, by number.
 * {@link #readAll} walks the main IFD chain. Immutable.
 */
record TiffIfd(Map<Integer, long[]> numbers, Map<Integer, byte[]> bytes) {
  static final int NEW_SUBFILE_TYPE = 254;
  static final int IMAGE_WIDTH = 256;
  static final int IMAGE_LENGTH = 257;
  static final int BITS_PER_SAMPLE = 258;
  static final int COMPRESSION = 259;
  static final int PHOTOMETRIC = 262;
  static final int IMAGE_DESCRIPTION = 270;
  static final int STRIP_OFFSETS = 273;
  static final int SAMPLES_PER_PIXEL = 277;
  static final int ROWS_PER_STRIP = 278;
  static final int STRIP_BYTE_COUNTS = 279;
  static final int X_RESOLUTION = 282;
  static final int PLANAR_CONFIGURATION = 284;
  static final int RESOLUTION_UNIT = 296;
  static final int PREDICTOR = 317;
  static final int COLOR_MAP = 320;
  static final int TILE_WIDTH = 322;
  static final int TILE_LENGTH = 323;
  static final int TILE_OFFSETS = 324;
  static final int TILE_BYTE_COUNTS = 325;
  static final int EXTRA_SAMPLES = 338;
  static final int SAMPLE_FORMAT = 339;
  static final int JPEG_TABLES = 347;
  static final int XMP = 700;
  static final int HAMAMATSU_NDPI = 65420;

  private static final Set<Integer> BYTE_TAGS = Set.of(IMAGE_DESCRIPTION, JPEG_TABLES, XMP);
  private static final int MAX_IFDS = 1000;

  long number(int tag, long fallback) {
    long[] v = numbers.get(tag);
    return v == null || v.length == 0 ? fallback : v[0];
  }

  long[] array(int tag) {
    return numbers.get(tag);
  }

  boolean isTiled() {
    return numbers.containsKey(TILE_WIDTH) && numbers.containsKey(TILE_OFFSETS);
  }

  String text(int tag) {
    byte[] b = bytes.get(tag);
    return b == null ? "" : new String(b, StandardCharsets.ISO_8859_1).replace("\0", "");
  }

  /**
   * Reads every directory of the main chain; the stream's byte order is set from the header.
   *
   * @throws SlideFormatException when the directories are corrupt or the file ends inside them
   */
  static List<TiffIfd> readAll(ImageInputStream in, String source) throws IOException {
    try {
      return readChain(in, source);
    } catch (EOFException e) {
      throw new SlideFormatException(
          source
              + ": the file is truncated: it ends at byte "
              + in.length()
              + ", inside its TIFF directories",
          e);
    }
  }

  private static List<TiffIfd> readChain(ImageInputStream in, String source) throws IOException {
    in.seek(0);
    int order = in.readUnsignedShort();
    in.setByteOrder(order == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int version = in.readUnsignedShort();
    boolean big = version == 43;
    if (big && (in.readUnsignedShort() != 8 || in.readUnsignedShort() != 0)) {
      throw new SlideFormatException(source + ": BigTIFF header with an offset size other than 8");
    }
    long next = big ? in.readLong() : in.readUnsignedInt();
    List<TiffIfd> ifds = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    while (next != 0) {
      if (!seen.add(next) || ifds.size() == MAX_IFDS || next >= in.length()) {
        throw new SlideFormatException(
            source
                + ": the TIFF directory chain is corrupt or truncated (directory offset "
                + next
                + " in a file of "
                + in.length()
                + " bytes)");
      }
      in.seek(next);
      long count = big ? in.readLong() : in.readUnsignedShort();
      Map<Integer, long[]> numbers = new HashMap<>();
      Map<Integer, byte[]> bytes = new HashMap<>();
      long entries = in.getStreamPosition();
      int entrySize = big ? 20 : 12;
      for (long i = 0; i < count; i++) {
        in.seek(entries + i * entrySize);
        readEntry(in, big, numbers, bytes);
      }
      in.seek(entries + count * entrySize);
      next = big ? in.readLong() : in.readUnsignedInt();
      ifds.add(new TiffIfd(Map.copyOf(numbers), Map.copyOf(bytes)));
    }
    if (ifds.isEmpty()) {
      throw new SlideFormatException(source + ": TIFF has no image directory");
    }
    return ifds;
  }

  private static void readEntry(
      ImageInputStream in, boolean big, Map<Integer, long[]> numbers, Map<Integer, byte[]> bytes)
      throws IOException {
    int tag = in.readUnsignedShort();
    int type = in.readUnsignedShort();
    long count = big ? in.readLong() : in.readUnsignedInt();
    int size = typeSize(type);
    if (size == 0 || count > Integer.MAX_VALUE / 8) {
      return; // a type or size this reader has no use for
    }
    long total = size * count;
    if (total > (big ? 8 : 4)) {
      in.seek(big ? in.readLong() : in.readUnsignedInt());
    }
    if (BYTE_TAGS.contains(tag)) {
      byte[] b = new byte[(int) total];
      in.readFully(b);
      bytes.put(tag, b);
      return;
    }
    long[] values = new long[(int) count];
    for (int i = 0; i < count; i++) {
      values[i] =
          switch (type) {
            case 1, 2, 6, 7 -> in.readUnsignedByte();
            case 3, 8 -> in.readUnsignedShort();
            case 4, 9, 13 -> in.readUnsignedInt();
            case 5, 10 ->
                Double.doubleToLongBits(
                    (double) in.readUnsignedInt() / Math.max(1, in.readUnsignedInt()));
            default -> in.readLong(); // 16 LONG8, 17 SLONG8, 18 IFD8
          };
    }
    numbers.put(tag, values);
  }

  private static int typeSize(int type) {
    return switch (type) {
      case 1, 2, 6, 7 -> 1;
      case 3, 8 -> 2;
      case 4, 9, 13 -> 4;
      case 5, 10, 16, 17, 18 -> 8;
      default -> 0;
    };
  }
}
