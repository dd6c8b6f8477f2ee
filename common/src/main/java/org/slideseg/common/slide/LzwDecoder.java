package org.slideseg.common.slide;

import java.io.IOException;
import java.util.Arrays;

/** TIFF's LZW variant: MSB-first codes of 9 to 12 bits, with the early code-width change. */
final class LzwDecoder {
  private static final int CLEAR = 256;
  private static final int END = 257;

  private LzwDecoder() {}

  /**
   * Decodes up to {@code expected} bytes: fewer where the codes end early, so that the caller can
   * tell a tile cut short.
   */
  static byte[] decode(byte[] in, int expected) throws IOException {
    byte[][] table = new byte[4096][];
    for (int i = 0; i < 256; i++) {
      table[i] = new byte[] {(byte) i};
    }
    byte[] out = new byte[expected];
    int n = 0;
    int next = 258;
    int width = 9;
    byte[] previous = null;
    long bitPos = 0;
    long totalBits = (long) in.length * 8;
    while (bitPos + width <= totalBits && n < expected) {
      int code = readCode(in, bitPos, width);
      bitPos += width;
      if (code == END) {
        break;
      }
      if (code == CLEAR) {
        next = 258;
        width = 9;
        previous = null;
        continue;
      }
      byte[] entry;
      if (code < next && table[code] != null) {
        entry = table[code];
        if (previous != null) {
          table[next++] = append(previous, entry[0]);
        }
      } else if (previous != null && code == next) {
        entry = append(previous, previous[0]);
        table[next++] = entry;
      } else {
        throw new SlideFormatException(
            "corrupt LZW tile: code " + code + " with table size " + next);
      }
      int k = Math.min(entry.length, expected - n);
      System.arraycopy(entry, 0, out, n, k);
      n += k;
      previous = entry;
      if (next + 1 >= (1 << width) && width < 12) {
        width++;
      }
    }
    return n == expected ? out : Arrays.copyOf(out, n);
  }

  private static int readCode(byte[] in, long bitPos, int width) {
    int code = 0;
    for (int i = 0; i < width; i++) {
      long p = bitPos + i;
      code = (code << 1) | ((in[(int) (p >>> 3)] >> (7 - (p & 7))) & 1);
    }
    return code;
  }

  private static byte[] append(byte[] prefix, byte last) {
    byte[] b = Arrays.copyOf(prefix, prefix.length + 1);
    b[prefix.length] = last;
    return b;
  }
}
