package org.slideseg.common.mask;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slideseg.common.zlib.Deflate;
import org.slideseg.common.zlib.Inflate;

/**
 * Mask tiles as 8-bit grayscale PNG, whose values are class labels: lossless, small, viewable by
 * any tool. Encoded and decoded here rather than by ImageIO, which is 5 times slower at both (masks
 * have long runs, which the fastest Deflate level compresses well); any 8-bit grayscale,
 * non-interlaced PNG decodes, whatever its row filters. Previews are encoded here too.
 */
public final class MaskPng {
  private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', 13, 10, 26, 10};
  private static final int GRAY = 0;
  private static final int RGB = 2;

  private MaskPng() {}

  public static byte[] encode(byte[] labels, int width, int height) {
    return png(labels, width, height, 1, GRAY);
  }

  /**
   * Any 8-bit gray (1 channel) or RGB (3, interleaved) image, as previews need: ImageIO's encoder
   * took a third of a second for a 1024 x 1024 preview.
   */
  public static byte[] encode(byte[] pixels, int width, int height, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("PNG of " + channels + " channels: 1 or 3 only");
    }
    return png(pixels, width, height, channels, channels == 1 ? GRAY : RGB);
  }

  /**
   * Without a branch on the channels: the JIT compiles this for the tiles' gray images, and a
   * branch never taken there sent it back to the interpreter at each run's RGB preview, then to a
   * second compilation (0.8 of 18 CPU-seconds of a warm 16k run; JFR, jdk.Deoptimization).
   */
  private static byte[] png(byte[] pixels, int width, int height, int channels, int colourType) {
    int stride = width * channels;
    byte[] raw = new byte[(stride + 1) * height]; // each row: filter type 0 (none), then pixels
    for (int y = 0; y < height; y++) {
      System.arraycopy(pixels, y * stride, raw, y * (stride + 1) + 1, stride);
    }
    var out = new ByteArrayOutputStream(raw.length / 4 + 64);
    out.writeBytes(SIGNATURE);
    chunk(
        out,
        "IHDR",
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) colourType)
            .array());
    chunk(out, "IDAT", Deflate.compress(raw));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** Decodes an 8-bit grayscale PNG of {@code width x height}, checking its size. */
  public static byte[] decode(byte[] png, int width, int height) throws IOException {
    return new Decoder().decode(png, width, height); // a new decoder's array is exactly the size
  }

  /**
   * Decodes PNG after PNG into two arrays that it keeps: the assemble step decodes every mask tile
   * and copies it away at once, and two new arrays per tile, zeroed and often on fresh pages, took
   * 1.5 of the 22 CPU-seconds of a 16k no-op run (async-profiler). Not thread-safe.
   */
  public static final class Decoder {
    private byte[] filtered = new byte[0];
    private byte[] pixels = new byte[0];

    /**
     * Decodes an 8-bit grayscale PNG of {@code width x height}, checking its size, into the first
     * {@code width x height} bytes of an array that this decoder's next call overwrites.
     */
    public byte[] decode(byte[] png, int width, int height) throws IOException {
      int size = (width + 1) * height; // each row: its filter type, then its pixels
      if (filtered.length < size) {
        filtered = new byte[size];
      }
      inflate(png, width, height, filtered, size);
      if (pixels.length < width * height) {
        pixels = new byte[width * height];
      }
      unfilter(filtered, width, height, pixels);
      return pixels;
    }
  }

  /**
   * The PNG's image data, checked against its header, into the first {@code size} of {@code out}.
   */
  private static void inflate(byte[] png, int width, int height, byte[] out, int size)
      throws IOException {
    ByteBuffer in = ByteBuffer.wrap(png);
    byte[] signature = new byte[SIGNATURE.length];
    if (png.length < 8 + 25 || !Arrays.equals(in.get(signature).array(), 0, 8, SIGNATURE, 0, 8)) {
      throw new IOException("mask tile is not a PNG");
    }
    Inflater inflater = null; // zlib, made only for a stream that ISA-L did not take
    try {
      boolean header = false;
      int inflated = 0;
      while (in.remaining() >= 12) {
        int length = in.getInt();
        String type = new String(png, in.position(), 4, StandardCharsets.US_ASCII);
        int data = in.position() + 4;
        if (length < 0 || length > png.length - data - 4) {
          throw new IOException("mask tile PNG is truncated in its " + type + " chunk");
        }
        if (type.equals("IHDR")) {
          checkHeader(in.slice(data, length), width, height);
          header = true;
        } else if (type.equals("IDAT") && header) {
          if (inflated == 0 && Inflate.into(png, data, length, out, size)) {
            inflated = size; // the stream in one chunk, as this class writes it
          } else {
            inflater = inflater == null ? new Inflater() : inflater;
            inflater.setInput(png, data, length);
            inflated += inflater.inflate(out, inflated, size - inflated);
          }
        }
        in.position(data + length + 4);
      }
      if (!header || inflated != size) {
        throw new IOException(
            "mask tile PNG holds fewer pixels than its " + width + " x " + height);
      }
    } catch (DataFormatException e) {
      throw new IOException("mask tile PNG is corrupt: " + e.getMessage(), e);
    } finally {
      if (inflater != null) {
        inflater.end();
      }
    }
  }

  /** Checks the IHDR chunk. */
  private static void checkHeader(ByteBuffer ihdr, int width, int height) throws IOException {
    int w = ihdr.getInt();
    int h = ihdr.getInt();
    int depth = ihdr.get();
    int colour = ihdr.get();
    int interlace = ihdr.get(12);
    if (depth != 8 || colour != GRAY || interlace != 0) {
      throw new IOException("mask tile is not an 8-bit grayscale PNG");
    }
    if (w != width || h != height) {
      throw new IOException(
          "mask tile is " + w + " x " + h + ", expected " + width + " x " + height);
    }
  }

  /** Undoes the PNG row filters (one byte per pixel) into the first rows of {@code out}. */
  private static void unfilter(byte[] raw, int width, int height, byte[] out) throws IOException {
    for (int y = 0; y < height; y++) {
      int filter = raw[y * (width + 1)];
      int src = y * (width + 1) + 1;
      int row = y * width;
      if (filter == 0) { // as this class writes every row
        System.arraycopy(raw, src, out, row, width);
        continue;
      }
      for (int x = 0; x < width; x++) {
        int left = x > 0 ? out[row + x - 1] & 0xff : 0;
        int up = y > 0 ? out[row - width + x] & 0xff : 0;
        int upLeft = x > 0 && y > 0 ? out[row - width + x - 1] & 0xff : 0;
        int predicted =
            switch (filter) {
              case 0 -> 0;
              case 1 -> left;
              case 2 -> up;
              case 3 -> (left + up) / 2;
              case 4 -> paeth(left, up, upLeft);
              default -> throw new IOException("mask tile PNG has row filter " + filter);
            };
        out[row + x] = (byte) (raw[src + x] + predicted);
      }
    }
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
}
