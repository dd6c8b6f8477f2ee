package org.slideseg.common.slide;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Optional;

/**
 * OpenSlide's C library (libopenslide, Debian's {@code libopenslide0}) through JNA, where the
 * machine has it: slideseg bundles no native code for it, so a machine without it reads what our
 * own readers read and says what to install for the rest. Its functions are thread-safe.
 */
final class OpenSlideLibrary {
  /** The C functions slideseg calls, as OpenSlide 3.4 and 4 declare them. */
  interface C extends Library {
    String openslide_get_version();

    String openslide_detect_vendor(String filename);

    Pointer openslide_open(String filename);

    String openslide_get_error(Pointer osr);

    int openslide_get_level_count(Pointer osr);

    void openslide_get_level_dimensions(Pointer osr, int level, long[] w, long[] h);

    double openslide_get_level_downsample(Pointer osr, int level);

    String openslide_get_property_value(Pointer osr, String name);

    void openslide_read_region(Pointer osr, int[] dest, long x, long y, int level, long w, long h);

    void openslide_close(Pointer osr);
  }

  /** What to tell a user whose slide needs OpenSlide on a machine without it. */
  static final String INSTALL =
      "OpenSlide reads it but is not installed on this machine: install it on every machine that"
          + " runs slideseg (Debian and Ubuntu: apt-get install libopenslide0)";

  private static final Optional<C> LOADED = load("openslide");

  private OpenSlideLibrary() {}

  /** The library, or empty where it cannot be loaded. */
  static Optional<C> get() {
    return LOADED;
  }

  /** Loads {@code name} (JNA also finds versioned files such as libopenslide.so.0). */
  static Optional<C> load(String name) {
    try {
      return Optional.of(Native.load(name, C.class));
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return Optional.empty();
    }
  }
}
