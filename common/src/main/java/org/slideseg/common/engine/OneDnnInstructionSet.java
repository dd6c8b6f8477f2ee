package org.slideseg.common.engine;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.engine.InstructionSetTrial.Outcome;
import org.slideseg.common.engine.InstructionSetTrial.Outcome.Result;

/**
 * Chooses oneDNN's instruction set for this JVM before its first convolution: the widest whose
 * kernels compute right on this CPU, found by trying each in a child JVM ({@link
 * InstructionSetTrial}), widest first, and kept for later JVMs on the machine ({@link
 * VerdictFile}). A kernel's defect depends on more than the CPU's family (libtorch 2.7.1's AVX-512,
 * AVX2 and AVX kernels are wrong on some AMD family 26 machines and right on others), so only a
 * measurement decides. oneDNN reads {@code ONEDNN_MAX_CPU_ISA} from the process's environment at
 * its first convolution, so the choice is put there, as if given before the JVM started; a value
 * the user gave wins and is not tried. The self-check then proves the choice right in this JVM.
 */
final class OneDnnInstructionSet {
  static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";

  /** oneDNN's older name for the same setting, which it reads too. */
  static final String OLD_VARIABLE = "DNNL_MAX_CPU_ISA";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnnInstructionSet.class);

  private OneDnnInstructionSet() {}

  /**
   * The choice for this JVM: the user's set, a kept verdict, or a trial's. The engine must have
   * started, since the verdict's key names libtorch's version.
   *
   * @param folder where the verdict is kept, and the trial's scratch files
   * @param environment the environment the JVM started with
   */
  static OneDnnChoice choose(
      HostCpu cpu, EngineFault fault, Path folder, Map<String, String> environment) {
    String given = environment.getOrDefault(VARIABLE, environment.get(OLD_VARIABLE));
    if (given != null) {
      String which = environment.containsKey(VARIABLE) ? VARIABLE : OLD_VARIABLE;
      return OneDnnChoice.given(which, given);
    }
    VerdictFile verdict = VerdictFile.of(folder, key(cpu, fault));
    return verdict.locked(() -> verdict.read().orElseGet(() -> trial(cpu, fault, folder, verdict)));
  }

  /** What decides the verdict: the CPU in every field, the engine's versions, a test's fault. */
  static String key(HostCpu cpu, EngineFault fault) {
    Engine engine = Engine.getEngine("PyTorch");
    return String.join(
        "; ",
        cpu.identity(),
        "libtorch " + engine.getVersion(),
        "DJL " + Engine.getDjlVersion(),
        "fault " + fault.value());
  }

  /** Tries each set the CPU runs, widest first; keeps the verdict if every trial gave one. */
  private static OneDnnChoice trial(
      HostCpu cpu, EngineFault fault, Path folder, VerdictFile verdict) {
    long start = System.nanoTime();
    List<Outcome> notRight = new ArrayList<>();
    Optional<String> chosen = Optional.empty();
    for (InstructionSet set : InstructionSet.candidates(cpu)) {
      Outcome outcome = InstructionSetTrial.run(set, fault, folder);
      if (outcome.result() == Result.RIGHT) {
        chosen = Optional.of(set.name());
        break;
      }
      notRight.add(outcome);
    }
    List<Outcome> failed = ofResult(notRight, Result.FAILED);
    if (chosen.isEmpty() && failed.size() == notRight.size()) {
      // Nothing was measured: oneDNN keeps its default, and the self-check alone decides.
      String why = "not tried: " + failed.get(0).detail();
      LOG.warn("Could not try oneDNN's instruction sets in child JVMs: {}", why);
      return new OneDnnChoice(Optional.of(InstructionSet.ALL.name()), "", why, Optional.empty());
    }
    String took =
        String.format(
            "trial of %d instruction set(s) in %.1f s",
            notRight.size() + (chosen.isPresent() ? 1 : 0), (System.nanoTime() - start) / 1e9);
    String wrong = describe(notRight);
    if (!failed.isEmpty()) {
      return new OneDnnChoice(chosen, wrong, took + ", not kept", Optional.empty());
    }
    OneDnnChoice kept =
        new OneDnnChoice(
            chosen, wrong, took + ", kept in " + verdict.path(), Optional.of(verdict.path()));
    try {
      verdict.write(kept);
      return kept;
    } catch (UncheckedIOException e) {
      return new OneDnnChoice(
          chosen, wrong, took + ", not kept: " + e.getMessage(), Optional.empty());
    }
  }

  /** "ALL and AVX2 kernels wrong here (ALL: ...)", then each set that gave no verdict. */
  private static String describe(List<Outcome> notRight) {
    List<String> parts = new ArrayList<>();
    List<Outcome> wrong = ofResult(notRight, Result.WRONG);
    if (!wrong.isEmpty()) {
      List<String> names = wrong.stream().map(o -> o.set().name()).toList();
      String listed =
          names.size() == 1
              ? names.get(0)
              : String.join(", ", names.subList(0, names.size() - 1))
                  + " and "
                  + names.get(names.size() - 1);
      parts.add(
          listed
              + " kernels wrong here ("
              + wrong.get(0).set()
              + ": "
              + wrong.get(0).detail()
              + ")");
    }
    ofResult(notRight, Result.FAILED)
        .forEach(o -> parts.add("no verdict at " + o.set() + ": " + o.detail()));
    return String.join("; ", parts);
  }

  private static List<Outcome> ofResult(List<Outcome> outcomes, Result result) {
    return outcomes.stream().filter(o -> o.result() == result).toList();
  }

  /**
   * Puts the choice in this process's environment, before oneDNN's first convolution in this JVM
   * (later, oneDNN has fixed its instruction set); nothing where the user gave the variable or
   * oneDNN is to be off. C's {@code setenv} is not safe against a concurrent {@code getenv}, but
   * the JVM reads a copy of the environment made at its start, and libtorch reads it at that first
   * convolution.
   */
  static void putInEnvironment(OneDnnChoice choice) {
    if (choice.off() || choice.isGiven()) {
      return;
    }
    int failed =
        NativeLibrary.getInstance("c")
            .getFunction("setenv")
            .invokeInt(new Object[] {VARIABLE, choice.set().get(), 1});
    if (failed != 0) {
      throw new IllegalStateException("could not set " + VARIABLE + " in the environment");
    }
  }
}
