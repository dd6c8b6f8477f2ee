package org.slideseg.common.zlib;

import com.intel.gkl.compression.IntelDeflater;
import com.intel.gkl.compression.IntelInflater;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intel's ISA-L through GKL, whose jar carries its native code for Linux x86-64 (and x86 macOS).
 * GKL's classes free their native state only in {@code end()}, so each user registers that with
 * {@link #CLEANER}.
 */
final class IsaLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(IsaLibrary.class);
  static final Cleaner CLEANER = Cleaner.create();

  private static final boolean LOADS = load();

  private IsaLibrary() {}

  static boolean loads() {
    return LOADS;
  }

  /** Whether GKL's jar carries ISA-L for this platform: Linux x86-64. */
  static boolean carriedHere() {
    return System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64");
  }

  /**
   * Inputs whose streams reach a compressor's or decompressor's different paths: empty, a byte,
   * mask-like runs, noise that does not compress, sparse labels, several blocks.
   */
  static List<byte[]> checkInputs() {
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
    return List.of(new byte[0], new byte[] {7}, runs, noise, sparse, Arrays.copyOf(runs, 1000));
  }

  /** Logs why ISA-L is not used, the same way for both directions. */
  static void logRefused(String what, String why) {
    LOG.warn("ISA-L's {} {}: zlib does it here, about 3x slower", what, why);
  }

  private static boolean load() {
    try {
      // The two classes share one library but each binds its own native methods.
      if (new IntelDeflater(1, true).load(null) && new IntelInflater(true).load(null)) {
        return true;
      }
      String message = "ISA-L does not load here: zlib compresses and decompresses Deflate";
      if (carriedHere()) { // then not loading is a fault (a noexec tmpdir)
        LOG.warn("{} (GKL could not load its library from java.io.tmpdir)", message);
      } else {
        LOG.info("{} (GKL's jar carries it for Linux x86-64)", message);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("ISA-L failed to load ({}): zlib compresses and decompresses Deflate", e.toString());
    }
    return false;
  }
}
