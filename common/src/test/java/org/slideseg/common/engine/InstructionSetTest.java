package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionSetTest {
  @Test
  void theTrialTriesTheSetsTheCpuRunsWidestFirst() {
    assertThat(
            InstructionSet.candidates(
                cpu("fpu sse4_1 avx avx2 avx512f avx512bw avx512vl avx512dq")))
        .containsExactly(
            InstructionSet.ALL,
            InstructionSet.AVX512_CORE,
            InstructionSet.AVX2,
            InstructionSet.AVX,
            InstructionSet.SSE41);
    // AVX-512 without its byte and word instructions is not oneDNN's AVX512_CORE.
    assertThat(InstructionSet.candidates(cpu("sse4_1 avx avx2 avx512f")))
        .containsExactly(
            InstructionSet.ALL, InstructionSet.AVX2, InstructionSet.AVX, InstructionSet.SSE41);
    assertThat(InstructionSet.candidates(cpu("sse2"))).containsExactly(InstructionSet.ALL);
  }

  private static HostCpu cpu(String flags) {
    return HostCpu.parse(List.of("model name\t: a CPU", "flags\t\t: " + flags));
  }
}
