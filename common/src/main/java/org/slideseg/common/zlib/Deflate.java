package org.slideseg.common.zlib;

import com.intel.gkl.compression.IntelDeflater;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses a whole array into a zlib stream at Deflate's fastest level: 7 times as fast as zlib's
 * default on masks, whose files grow by a third.
 *
 * <p>ISA-L compresses masks 3.5 times as fast as zlib's fastest level (ISBI 2012 labels: 900
 * against 260 MB/s; thresholded EM, as the no-op bench makes: 520 against 140) into 5-9 % fewer
 * bytes. Its kernels are picked by CPU, as oneDNN's are, so it compresses only where its streams
 * inflate back to their inputs through the JDK's zlib in a check at first use.
 *
 * <p>One compressor per thread, reused: making ISA-L's state costs about as much as compressing a
 * tile.
 */
public final class Deflate {
  /** zlib's header for Deflate with a 32 KiB window at the fastest level. */
  private static final byte[] ZLIB_HEADER = {0x78, 0x01};

  /** Inputs up to this size reuse one output buffer per thread; previews are larger. */
  private static final int REUSED_BUFFER = 1 << 20;

  private static final boolean ISAL = IsaLibrary.loads() && isalPasses();
  private static final ThreadLocal<UnaryOperator<byte[]>> PER_THREAD =
      ThreadLocal.withInitial(() -> ISAL ? new Isal() : new Zlib());

  private Deflate() {}

  /** {@code input} as a zlib stream. */
  public static byte[] compress(byte[] input) {
    return PER_THREAD.get().apply(input);
  }

  /** A compressor of the JDK's zlib, whatever this JVM compresses with: for checks. */
  static UnaryOperator<byte[]> zlib() {
    return new Zlib();
  }

  /** The library that compresses in this JVM, for tests: "ISA-L" or "zlib". */
  static String engine() {
    return ISAL ? "ISA-L" : "zlib";
  }

  /** Whether {@code compressor}'s streams inflate back to their inputs through the JDK's zlib. */
  static boolean roundTrips(UnaryOperator<byte[]> compressor) {
    for (byte[] input : IsaLibrary.checkInputs()) {
      byte[] stream = compressor.apply(input);
      if (stream == null || !Arrays.equals(zlibInflate(stream, input.length), input)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] zlibInflate(byte[] stream, int length) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stream);
      byte[] out = new byte[length + 1];
      int n = inflater.inflate(out);
      return inflater.finished() ? Arrays.copyOf(out, n) : null;
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  private static boolean isalPasses() {
    try {
      if (roundTrips(new Isal())) {
        return true;
      }
      IsaLibrary.logRefused("Deflate", "is wrong on this CPU (its streams did not inflate back)");
    } catch (RuntimeException | LinkageError e) {
      IsaLibrary.logRefused("Deflate", "failed (" + e + ")");
    }
    return false;
  }

  /** zlib, through the JDK. */
  private static final class Zlib implements UnaryOperator<byte[]> {
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);

    @Override
    public byte[] apply(byte[] input) {
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

  /**
   * ISA-L through GKL, whose deflater writes raw Deflate at this level (zlib's framing is added
   * here), compresses a whole input in one call into one output array, and takes both from offset 0
   * only.
   */
  private static final class Isal implements UnaryOperator<byte[]> {
    private final IntelDeflater deflater = new IntelDeflater(Deflater.BEST_SPEED, true);
    private final Adler32 adler = new Adler32();
    private byte[] buffer = new byte[0];

    Isal() {
      IntelDeflater gkl = deflater;
      IsaLibrary.CLEANER.register(this, gkl::end);
    }

    /** ISA-L's stream; zlib's where ISA-L did not take the whole input, or for an empty one. */
    @Override
    public byte[] apply(byte[] input) {
      byte[] stream = input.length > 0 ? isal(input) : null;
      return stream != null ? stream : new Zlib().apply(input);
    }

    private byte[] isal(byte[] input) {
      // Room for stored blocks, ISA-L's fallback for input that does not compress.
      int room = input.length + input.length / 1024 + 1024;
      byte[] out = room <= REUSED_BUFFER ? reused(room) : new byte[room];
      deflater.reset();
      deflater.setInput(input, 0, input.length);
      deflater.finish();
      int length = deflater.deflate(out, 0, out.length);
      if (!deflater.finished()) {
        return null;
      }
      adler.reset();
      adler.update(input);
      return ByteBuffer.allocate(ZLIB_HEADER.length + length + 4)
          .put(ZLIB_HEADER)
          .put(out, 0, length)
          .putInt((int) adler.getValue())
          .array();
    }

    private byte[] reused(int room) {
      if (buffer.length < room) {
        buffer = new byte[Math.max(room, Math.min(2 * buffer.length, REUSED_BUFFER))];
      }
      return buffer;
    }
  }
}
