package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
                "stepping\t: 1",
                "microcode\t: 0xa0011d5",
                "flags\t\t: fpu sse2  avx avx2 avx  fma "));
    assertThat(cpu.flags()).containsExactlyInAnyOrder("fpu", "sse2", "avx", "avx2", "fma");
    assertThat(cpu.toString()).isEqualTo("AMD EPYC (family 25, model 1; AVX2, AVX)");
    assertThat(cpu.identity())
        .isEqualTo(
            "name AMD EPYC; family 25; model 1; stepping 1; microcode 0xa0011d5;"
                + " flags avx avx2 fma fpu sse2");
  }

  @Test
  void aMissingFieldReadsAsAQuestionMark() {
    HostCpu cpu = HostCpu.parse(List.of("model name\t: a CPU"));
    assertThat(cpu.family()).isEqualTo("?");
    assertThat(cpu.microcode()).isEqualTo("?");
    assertThat(cpu.flags()).isEmpty();
  }

  /** Linux's own file, as x86 kernels write it. */
  @Test
  void readsThisMachinesCpuinfo() throws Exception {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    assumeTrue(Files.isReadable(cpuinfo), "no /proc/cpuinfo: not Linux");
    assumeTrue(System.getProperty("os.arch").equals("amd64"), "not x86");

    HostCpu cpu = HostCpu.current();

    assertThat(cpu).isEqualTo(HostCpu.parse(Files.readAllLines(cpuinfo)));
    String flags =
        Files.readAllLines(cpuinfo).stream()
            .filter(l -> l.startsWith("flags"))
            .findFirst()
            .orElseThrow();
    assertThat(cpu.family()).matches("[0-9]+");
    assertThat(cpu.flags()).isNotEmpty().contains("sse2").allMatch(flags::contains);
  }
}
