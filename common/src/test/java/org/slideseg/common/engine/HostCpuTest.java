package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCpuTest {
  @Test
  void readsCpuinfoWhoseFlagsRepeatOrAreSpacedUnevenly() {
    // As a virtual machine's /proc/cpuinfo lists them: tabs, double spaces, a flag twice.
    HostCpu cpu =
        HostCpu.parse(
            List.of(
                "processor\t: 0",
                "cpu family\t: 25",
                "model\t\t: 1",
                "model name\t: AMD EPYC",
                "flags\t\t: fpu sse2  avx avx2 avx  fma "));
    assertThat(cpu.flags()).containsExactlyInAnyOrder("fpu", "sse2", "avx", "avx2", "fma");
    assertThat(cpu.toString()).isEqualTo("AMD EPYC (family 25, model 1; AVX2, AVX)");
  }

  @Test
  void readsThisMachine() {
    assertThat(HostCpu.current().name()).isNotEmpty();
  }
}
