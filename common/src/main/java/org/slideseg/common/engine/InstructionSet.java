package org.slideseg.common.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The values of oneDNN's {@code ONEDNN_MAX_CPU_ISA} that the trial tries, widest first, each with
 * the CPU flags its kernels need: a set the CPU cannot run would only repeat a wider one's trial.
 * {@link #ALL} is oneDNN's default, the widest kernels it has for the CPU (AVX-512 with its
 * extensions, AMX); {@link #AVX512_CORE} is plain AVX-512 without them.
 */
enum InstructionSet {
  ALL(),
  AVX512_CORE("avx512f", "avx512bw", "avx512vl", "avx512dq"),
  AVX2("avx2"),
  AVX("avx"),
  SSE41("sse4_1");

  private final List<String> flags;

  InstructionSet(String... flags) {
    this.flags = List.of(flags);
  }

  boolean runsOn(HostCpu cpu) {
    return cpu.flags().containsAll(flags);
  }

  /** The sets the trial tries on {@code cpu}, widest first. */
  static List<InstructionSet> candidates(HostCpu cpu) {
    return Arrays.stream(values()).filter(s -> s.runsOn(cpu)).toList();
  }
}
