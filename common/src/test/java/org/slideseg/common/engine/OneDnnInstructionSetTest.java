package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.engine.InstructionSetTrial.Outcome.Result;
import org.slideseg.common.slide.TestImages;

/**
 * The choice of oneDNN's instruction set, true on every CPU: faults injected at chosen sets make
 * the trial pass them over, and what the trial should choose where no fault is injected is measured
 * here, set by set, in child JVMs of its own, rather than assumed of this CPU.
 */
class OneDnnInstructionSetTest {
  private static final HostCpu CPU = HostCpu.current();
  private static final List<InstructionSet> CANDIDATES = InstructionSet.candidates(CPU);

  /** Whether each set is right on this CPU without a fault, measured when first needed. */
  private static final Map<InstructionSet, Boolean> RIGHT_HERE = new HashMap<>();

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    TorchRuntime.configure(1); // DJL's settings, which the trial's JVMs inherit
  }

  @Test
  void aSetTheUserGivesWinsAndIsNotTried() {
    OneDnnChoice choice =
        OneDnnInstructionSet.choose(CPU, EngineFault.NONE, dir, Map.of("DNNL_MAX_CPU_ISA", "AVX2"));

    assertThat(choice.set()).contains("AVX2");
    assertThat(choice.isGiven()).isTrue();
    assertThat(choice.source()).isEqualTo("as DNNL_MAX_CPU_ISA says");
    assertThat(
            OneDnnInstructionSet.choose(
                    CPU,
                    EngineFault.NONE,
                    dir,
                    Map.of("ONEDNN_MAX_CPU_ISA", "SSE41", "DNNL_MAX_CPU_ISA", "AVX2"))
                .set())
        .contains("SSE41");
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void aFaultAtTheWidestSetMakesTheTrialChooseTheNextRightOne() {
    InstructionSet widest = CANDIDATES.get(0);
    EngineFault fault = EngineFault.parse("onednn:" + widest);

    OneDnnChoice choice = OneDnnInstructionSet.choose(CPU, fault, dir, Map.of());

    Optional<String> expected =
        CANDIDATES.stream()
            .skip(1)
            .filter(OneDnnInstructionSetTest::rightHere)
            .findFirst()
            .map(Enum::name);
    assertThat(choice.set()).isEqualTo(expected);
    assertThat(choice.wrongWider())
        .startsWith(widest.name())
        .contains(" kernels wrong here (" + widest + ": ");
    assertThat(choice.source()).startsWith("trial of ").contains(", kept in " + dir);
  }

  @Test
  void aFaultAtEverySetSwitchesOneDnnOff() {
    OneDnnChoice choice =
        OneDnnInstructionSet.choose(CPU, EngineFault.parse("onednn"), dir, Map.of());

    assertThat(choice.off()).isTrue();
    String names = CANDIDATES.stream().map(Enum::name).collect(Collectors.joining(", "));
    assertThat(choice.wrongWider().replace(" and ", ", "))
        .startsWith(names + " kernels wrong here");
    assertThat(choice.line(CPU)).startsWith("oneDNN off: " + CANDIDATES.get(0));
  }

  @Test
  void theVerdictIsKeptForLaterJvmsAndACorruptOneIsTriedAgainAndRewritten() throws Exception {
    EngineFault fault = EngineFault.parse("onednn:" + CANDIDATES.get(0));
    VerdictFile file = VerdictFile.of(dir, OneDnnInstructionSet.key(CPU, fault));
    Files.writeString(file.path(), "key=" + OneDnnInstructionSet.key(CPU, fault) + "\nset=AV");

    OneDnnChoice tried = OneDnnInstructionSet.choose(CPU, fault, dir, Map.of());
    OneDnnChoice kept = OneDnnInstructionSet.choose(CPU, fault, dir, Map.of());

    assertThat(tried.source()).startsWith("trial of ");
    assertThat(kept.source())
        .isEqualTo("an earlier trial's verdict on this machine, " + file.path());
    assertThat(kept.set()).isEqualTo(tried.set());
    assertThat(kept.wrongWider()).isEqualTo(tried.wrongWider());
  }

  @Test
  void theVerdictsKeyNamesTheCpuTheEngineAndTheFault() {
    String key = OneDnnInstructionSet.key(CPU, EngineFault.parse("onednn:AVX2"));

    assertThat(key)
        .startsWith(CPU.identity() + "; libtorch 2.")
        .contains("; DJL 0.")
        .endsWith("; fault onednn:AVX2");
  }

  /**
   * In fresh JVMs, since oneDNN fixes its instruction set at its first convolution: a fault at
   * every set and with oneDNN off too refuses the engine, naming the CPU and each wrong set.
   */
  @Test
  void aFaultEverywhereRefusesTheEngine() throws Exception {
    String out = selfCheckedJvm(Map.of(), "always");

    assertThat(out)
        .contains(
            "refused: PyTorch computes wrong convolutions on this CPU, "
                + CPU
                + ": with oneDNN off, ")
        .contains("(" + CANDIDATES.get(0))
        .contains(" kernels wrong here (")
        .contains("No model can run here: run on another CPU")
        .doesNotContain("unset");
  }

  /** A set the user gives is checked too: where it is wrong, oneDNN is switched off. */
  @Test
  void aWrongSetTheUserGivesIsSwitchedOff() throws Exception {
    String out = selfCheckedJvm(Map.of("ONEDNN_MAX_CPU_ISA", "SSE41"), "onednn:SSE41");

    assertThat(out)
        .contains("with oneDNN at SSE41, ")
        .contains("(as ONEDNN_MAX_CPU_ISA says). Switched oneDNN off")
        .contains("oneDNN off");
    assertThat(dir.toFile().list()).noneMatch(n -> n.startsWith("slideseg-onednn-"));
  }

  /**
   * A kept verdict that no longer holds (here, a fault at the set it names) is caught by the
   * self-check, which switches oneDNN off for that JVM and drops the verdict.
   */
  @Test
  void aVerdictThatNoLongerHoldsIsCaughtAndDropped() throws Exception {
    EngineFault fault = EngineFault.parse("onednn:SSE41");
    VerdictFile file = VerdictFile.of(dir, OneDnnInstructionSet.key(CPU, fault));
    file.write(new OneDnnChoice(Optional.of("SSE41"), "", "trial", Optional.empty()));

    String out = selfCheckedJvm(Map.of(), fault.value());

    assertThat(out)
        .contains("with oneDNN at SSE41, ")
        .contains("(an earlier trial's verdict on this machine, " + file.path() + ")")
        .contains("The verdict that chose it is dropped")
        .contains("oneDNN off");
    assertThat(file.path()).doesNotExist();
  }

  private static boolean rightHere(InstructionSet set) {
    return RIGHT_HERE.computeIfAbsent(
        set,
        s -> {
          try {
            return InstructionSetTrial.run(s, EngineFault.NONE, Files.createTempDirectory("trial"))
                    .result()
                == Result.RIGHT;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** What a fresh JVM, with this environment and fault and its temporary folder in dir, logs. */
  private String selfCheckedJvm(Map<String, String> environment, String fault) throws Exception {
    return TestImages.run(
        environment,
        TestImages.java(
            SelfCheckedJvm.class,
            "-Djava.io.tmpdir=" + dir,
            "-Dai.djl.offline=true",
            "-D" + EngineFault.KEY + "=" + fault));
  }

  /** The other JVM: starts the engine as every model load does, and says how it left oneDNN. */
  public static final class SelfCheckedJvm {
    public static void main(String[] args) {
      Configurator.setAllLevels("org.slideseg.common.engine", Level.INFO);
      try {
        TorchRuntime.configure(1);
        System.out.println(
            "oneDNN " + (LibTorchSwitches.ofLoadedLibrary().oneDnn() ? "on" : "off"));
      } catch (EngineDefectException e) {
        System.out.println("refused: " + e.getMessage());
      }
    }
  }
}
