package org.slideseg.common.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Test only: a wrong engine simulated on a CPU whose engine is right, so that what follows a failed
 * check runs anywhere. Read from the system property {@link #KEY}: {@code none}; {@code always}
 * (wrong whatever is switched); {@code onednn} (wrong while oneDNN is on, at every instruction
 * set); or {@code onednn:ALL,AVX2} (wrong while oneDNN is on with {@code ONEDNN_MAX_CPU_ISA} one of
 * those). The trial's child JVMs get the same property, so the trial sees the same fault.
 *
 * @param always wrong with oneDNN on or off
 * @param oneDnnSets the instruction sets at which oneDNN is wrong; {@code null} for all of them
 */
record EngineFault(boolean always, Set<String> oneDnnSets) {
  static final String KEY = "slideseg.test.engine-fault";
  static final EngineFault NONE = new EngineFault(false, Set.of());

  static EngineFault fromSystemProperties() {
    return parse(System.getProperty(KEY, "none"));
  }

  static EngineFault parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("none")) {
      return NONE;
    }
    if (v.equals("always")) {
      return new EngineFault(true, null);
    }
    if (v.equals("onednn")) {
      return new EngineFault(false, null);
    }
    if (v.startsWith("onednn:")) {
      Set<String> sets =
          Arrays.stream(v.substring("onednn:".length()).split(","))
              .map(s -> s.trim().toUpperCase(Locale.ROOT))
              .collect(Collectors.toUnmodifiableSet());
      return new EngineFault(false, sets);
    }
    throw new IllegalArgumentException(
        KEY + "=" + value + ": expected none, always, onednn or onednn:<sets>");
  }

  /**
   * Whether a check sees a wrong result.
   *
   * @param oneDnn whether oneDNN is on
   * @param set the instruction set oneDNN runs at ({@code ALL} where none was given)
   */
  boolean corrupts(boolean oneDnn, String set) {
    if (always) {
      return true;
    }
    return oneDnn && (oneDnnSets == null || oneDnnSets.contains(set.toUpperCase(Locale.ROOT)));
  }

  /** The property's value, for a child JVM and for the verdict's key. */
  String value() {
    if (always) {
      return "always";
    }
    if (oneDnnSets == null) {
      return "onednn";
    }
    return oneDnnSets.isEmpty()
        ? "none"
        : "onednn:" + String.join(",", oneDnnSets.stream().sorted().toList());
  }
}
