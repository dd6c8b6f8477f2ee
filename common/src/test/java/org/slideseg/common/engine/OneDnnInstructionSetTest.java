package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slideseg.common.slide.TestImages;

class OneDnnInstructionSetTest {
  private static final HostCpu ZEN_5 = cpu("AMD EPYC 9R45", "26");

  @Test
  void capsOnlyAmdFamily26AndOnlyWhereTheUserSetNothing() {
    assertThat(OneDnnInstructionSet.needed(ZEN_5, Map.of())).isTrue();
    assertThat(OneDnnInstructionSet.needed(cpu("AMD EPYC 7B13", "25"), Map.of())).isFalse();
    assertThat(OneDnnInstructionSet.needed(cpu("Intel(R) Xeon(R) Platinum", "6"), Map.of()))
        .isFalse();
    assertThat(OneDnnInstructionSet.needed(ZEN_5, Map.of("ONEDNN_MAX_CPU_ISA", "ALL"))).isFalse();
    assertThat(OneDnnInstructionSet.needed(ZEN_5, Map.of("DNNL_MAX_CPU_ISA", "AVX2"))).isFalse();
  }

  /**
   * In fresh JVMs, since oneDNN fixes its instruction set at its first convolution: on a CPU of the
   * family, the cap keeps oneDNN on and right; an instruction set the user gives wins, and there
   * the wider kernels are wrong, so the check switches oneDNN off.
   */
  @Test
  void theCapKeepsOneDnnOnWhereItsWiderKernelsAreWrong() throws Exception {
    assumeTrue(OneDnnInstructionSet.needed(HostCpu.current(), System.getenv()));

    assertThat(selfCheckedJvm(Map.of())).contains("oneDNN on");
    assertThat(selfCheckedJvm(Map.of("ONEDNN_MAX_CPU_ISA", "ALL"))).contains("oneDNN off");
  }

  /** What a JVM with these environment variables prints after its engine's self-check. */
  private static String selfCheckedJvm(Map<String, String> environment) throws Exception {
    return TestImages.run(environment, TestImages.java(SelfCheckedJvm.class));
  }

  /** The other JVM: starts the engine as every model load does, and says how it left oneDNN. */
  public static final class SelfCheckedJvm {
    public static void main(String[] args) {
      TorchRuntime.configure(1);
      System.out.println("oneDNN " + (LibTorchSwitches.ofLoadedLibrary().oneDnn() ? "on" : "off"));
    }
  }

  private static HostCpu cpu(String name, String family) {
    return HostCpu.parse(
        List.of(
            "cpu family\t: " + family, "model\t\t: 2", "model name\t: " + name, "flags\t: avx"));
  }
}
