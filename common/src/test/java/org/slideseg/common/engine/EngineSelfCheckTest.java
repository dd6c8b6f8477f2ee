package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What follows a failed self-check, made to fail by the test-only fault on a CPU where the engine
 * is right: oneDNN switched off and the convolutions then right, or a refusal that names the CPU,
 * the wrong convolution and what to set.
 */
class EngineSelfCheckTest {
  private static LibTorchSwitches switches;

  /** oneDNN as this JVM's own check left it: off on a CPU where it is wrong even when capped. */
  private static boolean oneDnnOfThisJvm;

  @BeforeAll
  static void start() {
    TorchRuntime.configure(2);
    switches = LibTorchSwitches.ofLoadedLibrary();
    oneDnnOfThisJvm = switches.oneDnn();
  }

  /** Later tests in this JVM must compute with what the JVM's check chose, never wrong kernels. */
  @AfterEach
  void restore() {
    switches.oneDnn(oneDnnOfThisJvm);
  }

  @Test
  void oneDnnStaysOnWhereItIsRightAndNnpackIsOff() {
    switches.oneDnn(true); // as a JVM starts
    var verdict = EngineSelfCheck.run(EngineSelfCheck.Fault.NONE);

    assertThat(verdict.worst().wrong()).isFalse();
    assertThat(switches.oneDnn()).isEqualTo(!verdict.oneDnnSwitchedOff());
    assertThat(switches.nnpack()).isFalse();
    if (verdict.oneDnnSwitchedOff()) {
      // Only because this CPU's oneDNN is wrong: switched back on, the cases show it.
      switches.oneDnn(true);
      try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
        assertThat(
                ConvolutionCheck.worst(manager, ConvolutionCheck.selfCheckCases(), false).wrong())
            .isTrue();
      }
    }
  }

  @Test
  void wrongOneDnnKernelsAreSwitchedOffAndConvolutionsStayRight() {
    switches.oneDnn(true); // as a JVM starts
    var verdict = EngineSelfCheck.run(EngineSelfCheck.Fault.ONEDNN);

    assertThat(verdict.oneDnnSwitchedOff()).isTrue();
    assertThat(switches.oneDnn()).isFalse();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      for (int in : new int[] {3, 20, 24, 28, 36, 40}) {
        var d = ConvolutionCheck.measure(manager, new ConvolutionCase(2, in, 24, 19, 23, 1), false);
        assertThat(d.wrong()).as("%s", d).isFalse();
      }
    }
  }

  @Test
  void anEngineWrongEvenWithoutOneDnnIsRefusedNamingTheCpuAndWhatToSet() {
    String cpu = HostCpu.current().name();
    switches.oneDnn(true); // as a JVM starts

    assertThatThrownBy(() -> EngineSelfCheck.run(EngineSelfCheck.Fault.ALWAYS))
        .isInstanceOf(EngineDefectException.class)
        .hasMessageContaining("PyTorch computes wrong convolutions on this CPU, " + cpu)
        .hasMessageContaining("output off by")
        .hasMessageContaining("with oneDNN switched off")
        .hasMessageContaining("ONEDNN_MAX_CPU_ISA=SSE41");
  }
}
