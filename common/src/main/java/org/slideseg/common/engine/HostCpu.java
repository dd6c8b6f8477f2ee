package org.slideseg.common.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The CPU this JVM runs on, as a person would name it in a report: the model name, the x86 family
 * and model, and the vector extensions that decide which kernels libraries pick.
 */
record HostCpu(String name, String family, String model, Set<String> flags) {
  private static final List<String> VECTOR_FLAGS = List.of("avx512f", "avx512_bf16", "avx2", "avx");

  static HostCpu current() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      return new HostCpu(System.getProperty("os.arch"), "?", "?", Set.of());
    }
    return parse(lines);
  }

  /**
   * From the lines of {@code /proc/cpuinfo}. Flags are split on any white space and may repeat:
   * virtual machines list some twice or with double spaces.
   */
  static HostCpu parse(List<String> cpuinfo) {
    String flags = field(cpuinfo, "flags");
    return new HostCpu(
        field(cpuinfo, "model name"),
        field(cpuinfo, "cpu family"),
        field(cpuinfo, "model"),
        flags.equals("?") ? Set.of() : Set.copyOf(List.of(flags.trim().split("\\s+"))));
  }

  private static String field(List<String> cpuinfo, String key) {
    return cpuinfo.stream()
        .filter(l -> l.startsWith(key) && l.substring(key.length()).trim().startsWith(":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("?");
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
