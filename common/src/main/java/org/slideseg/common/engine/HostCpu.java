package org.slideseg.common.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU this JVM runs on, as {@code /proc/cpuinfo} gives it: named in reports by its model name,
 * x86 family and model and its vector extensions; identified for the oneDNN verdict by all of its
 * fields, since a kernel's defect may depend on the stepping or the microcode as much as on the
 * family. A field that is missing reads {@code ?}.
 */
record HostCpu(
    String name,
    String family,
    String model,
    String stepping,
    String microcode,
    Set<String> flags) {
  private static final List<String> VECTOR_FLAGS = List.of("avx512f", "avx512_bf16", "avx2", "avx");
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /** This machine's CPU; where there is no {@code /proc/cpuinfo} (not Linux), its architecture. */
  static HostCpu current() {
    try {
      return parse(Files.readAllLines(CPUINFO));
    } catch (IOException e) {
      String arch = System.getProperty("os.arch");
      return new HostCpu(arch, "?", "?", "?", "?", Set.of());
    }
  }

  /**
   * From the lines of {@code /proc/cpuinfo}, its first processor. Flags are split on any white
   * space and may repeat: virtual machines list some twice or with double spaces.
   */
  static HostCpu parse(List<String> cpuinfo) {
    String flags = field(cpuinfo, "flags");
    return new HostCpu(
        field(cpuinfo, "model name"),
        field(cpuinfo, "cpu family"),
        field(cpuinfo, "model"),
        field(cpuinfo, "stepping"),
        field(cpuinfo, "microcode"),
        flags.equals("?") ? Set.of() : Set.copyOf(List.of(flags.trim().split("\\s+"))));
  }

  private static String field(List<String> cpuinfo, String key) {
    return cpuinfo.stream()
        .filter(l -> l.startsWith(key) && l.substring(key.length()).trim().startsWith(":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("?");
  }

  /** Every field, flags sorted: equal exactly for CPUs that oneDNN cannot tell apart. */
  String identity() {
    return String.join(
        "; ",
        "name " + name,
        "family " + family,
        "model " + model,
        "stepping " + stepping,
        "microcode " + microcode,
        "flags " + String.join(" ", new TreeSet<>(flags)));
  }

  @Override
  public String toString() {
    String vector =
        VECTOR_FLAGS.stream()
            .filter(flags::contains)
            .map(String::toUpperCase)
            .reduce((a, b) -> a + ", " + b)
            .orElse("no AVX");
    return name + " (family " + family + ", model " + model + "; " + vector + ")";
  }
}
