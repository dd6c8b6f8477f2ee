package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The self-check in this JVM, given a choice, made to fail by the test-only fault on a CPU where
 * the engine is right: oneDNN switched off and the convolutions then right, or a refusal that names
 * the CPU and the wrong convolution.
 */
class EngineSelfCheckTest {
  /** As the choice of this JVM's own check: the fault names no set, so the name only labels. */
  private static final OneDnnChoice CHOSEN =
      new OneDnnChoice(Optional.of("SSE41"), "", "a test's choice", Optional.empty());

  private static LibTorchSwitches switches;

  /** oneDNN as this JVM's own check left it: off on a CPU where every set is wrong. */
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
    var verdict = EngineSelfCheck.run(CHOSEN, EngineFault.NONE);

    assertThat(verdict.worst().wrong()).isFalse();
    assertThat(switches.oneDnn()).isEqualTo(!verdict.oneDnnSwitchedOff());
    assertThat(switches.nnpack()).isFalse();
    if (verdict.oneDnnSwitchedOff()) {
      // Only because this CPU's oneDNN is wrong at every set: switched back on, the cases show it.
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
    var verdict = EngineSelfCheck.run(CHOSEN, EngineFault.parse("onednn"));

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
  void aChoiceOfOneDnnOffSwitchesItOffBeforeTheCheck() {
    switches.oneDnn(true); // as a JVM starts
    var off =
        new OneDnnChoice(Optional.empty(), "every set wrong", "a test's choice", Optional.empty());
    var verdict = EngineSelfCheck.run(off, EngineFault.parse("onednn"));

    assertThat(verdict.oneDnnSwitchedOff()).isFalse(); // as chosen, not against the choice
    assertThat(verdict.worst().wrong()).isFalse();
    assertThat(switches.oneDnn()).isFalse();
  }

  @Test
  void anEngineWrongEvenWithoutOneDnnIsRefusedNamingTheCpuAndTheConvolution() {
    switches.oneDnn(true); // as a JVM starts

    assertThatThrownBy(() -> EngineSelfCheck.run(CHOSEN, EngineFault.parse("always")))
        .isInstanceOf(EngineDefectException.class)
        .hasMessageStartingWith(
            "PyTorch computes wrong convolutions on this CPU, "
                + HostCpu.current()
                + ": with oneDNN at SSE41, ")
        .hasMessageContaining("output off by")
        .hasMessageContaining(", and with oneDNN switched off, ")
        .hasMessageEndingWith("No model can run here: run on another CPU");
  }

  @Test
  void aRefusalOfTheUsersSetSaysToLetSlidesegTryTheOthers() {
    switches.oneDnn(true); // as a JVM starts
    var given = OneDnnChoice.given("ONEDNN_MAX_CPU_ISA", "AVX2");

    assertThatThrownBy(() -> EngineSelfCheck.run(given, EngineFault.parse("always")))
        .hasMessageEndingWith(
            "No model can run here: run on another CPU, or unset ONEDNN_MAX_CPU_ISA so that"
                + " slideseg tries each set");
  }
}
