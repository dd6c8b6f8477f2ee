package org.slideseg.common.mask;

import java.util.Arrays;
import java.util.zip.Deflater;

/** Compresses a whole array with Deflate (zlib format): TIFF mask tiles and PNG image data. */
final class Deflate {
  private Deflate() {}

  /** {@code input} compressed by {@code deflater}, which is reset first and may be reused. */
  static byte[] compress(Deflater deflater, byte[] input) {
    deflater.reset();
    deflater.setInput(input);
    deflater.finish();
    byte[] out = new byte[input.length / 8 + 64];
    int length = 0;
    while (!deflater.finished()) {
      if (length == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      length += deflater.deflate(out, length, out.length - length);
    }
    return Arrays.copyOf(out, length);
  }
}
