package org.slideseg.common.mask;

import com.intel.gkl.compression.IntelDeflater;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses a whole array into a zlib stream (Deflate between zlib's header and Adler-32 check),
 * as TIFF mask tiles and PNG image data hold it, at the fastest level: 7 times as fast as zlib's
 * default on masks, whose files grow by a third.
 *
 * <p>Intel's ISA-L, whose native code GKL's jar carries for Linux x86-64, compresses masks 3.5
 * times as fast as zlib's fastest level (ISBI 2012 labels: 900 against 260 MB/s; thresholded EM, as
 * the no-op bench makes: 520 against 140) into 5-9 % fewer bytes. Its kernels are picked by CPU, as
 * oneDNN's are, so it is used only where its output inflates back to the input through the JDK's
 * zlib in a check at first use; elsewhere (another platform, a failed check) zlib compresses.
 *
 * <p>One compressor per thread, reused: making ISA-L's state costs about as much as compressing a
 * tile.
 */
final class Deflate {
  private static final Logger LOG = LoggerFactory.getLogger(Deflate.class);
  private static final Cleaner CLEANER = Cleaner.create();

  /** zlib's header for Deflate with a 32 KiB window at the fastest level. */
  private static final byte[] ZLIB_HEADER = {0x78, 0x01};

  /** Inputs up to this size reuse one output buffer per thread; previews are larger. */
  private static final int REUSED_BUFFER = 1 << 20;

  private static final boolean ISAL = isalPasses();
  private static final ThreadLocal<UnaryOperator<byte[]>> PER_THREAD =
      ThreadLocal.withInitial(() -> ISAL ? new Isal() : new Zlib());

  private Deflate() {}

  /** {@code input} as a zlib stream. */
  static byte[] compress(byte[] input) {
    return PER_THREAD.get().apply(input);
  }

  /** The library that compresses in this JVM, for tests and logs: "ISA-L" or "zlib". */
  static String engine() {
    return ISAL ? "ISA-L" : "zlib";
  }

  /**
   * Whether {@code compressor}'s streams inflate back to their inputs, for inputs that reach its
   * different paths: empty, a byte, mask-like runs, noise that does not compress, several blocks.
   */
  static boolean roundTrips(UnaryOperator<byte[]> compressor) {
    Random random = new Random(20121);
    byte[] runs = new byte[300_000];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = (byte) ((i / 37 + i / 1013) % 3);
    }
    byte[] noise = new byte[200_000];
    random.nextBytes(noise);
    byte[] sparse = new byte[256 * 256];
    for (int i = 0; i < sparse.length; i += 1 + random.nextInt(50)) {
      sparse[i] = (byte) random.nextInt(2);
    }
    for (byte[] input : List.of(new byte[0], new byte[] {7}, runs, noise, sparse)) {
      byte[] stream = compressor.apply(input);
      if (stream == null || !Arrays.equals(inflate(stream, input.length), input)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] inflate(byte[] stream, int length) {
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
      if (!new IntelDeflater(Deflater.BEST_SPEED, true).load(null)) {
        LOG.info("ISA-L does not load on this platform: masks are compressed by zlib");
        return false;
      }
      if (!roundTrips(new Isal())) {
        LOG.warn(
            "ISA-L's Deflate is wrong on this CPU (its output did not inflate back to its input):"
                + " masks are compressed by zlib, about 3.5x slower");
        return false;
      }
      return true;
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("ISA-L failed to start ({}): masks are compressed by zlib", e.toString());
      return false;
    }
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
      // GKL frees its native state only in end(); this runs it once the thread's compressor is
      // gone.
      IntelDeflater gkl = deflater;
      CLEANER.register(this, gkl::end);
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
