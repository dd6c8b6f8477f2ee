package org.slideseg.common.engine;

import com.sun.jna.NativeLibrary;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps oneDNN's instruction set, before its first use in this JVM, on the CPUs where its wider
 * kernels are known to compute wrong convolutions: AMD family 26 (Zen 5), where the AVX-512, AVX2
 * and AVX kernels are wrong and SSE4.1's are right (docs/DESIGN.md). Switching oneDNN off there, as
 * the self-check does on any CPU where it is wrong, made the bundled model about 4 times slower
 * than this cap. oneDNN reads {@code ONEDNN_MAX_CPU_ISA} from the process's environment at its
 * first convolution, so the cap is put there, as if given before the JVM started; a value the user
 * gave wins. The self-check proves the result right either way.
 */
final class OneDnnInstructionSet {
  static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
  static final String CAP = "SSE41";

  /** oneDNN's older name for the same setting, which it reads too. */
  private static final String OLD_VARIABLE = "DNNL_MAX_CPU_ISA";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnnInstructionSet.class);

  private OneDnnInstructionSet() {}

  /** Whether {@code cpu} needs the cap, given the {@code environment} the JVM started with. */
  static boolean needed(HostCpu cpu, Map<String, String> environment) {
    boolean given = environment.containsKey(VARIABLE) || environment.containsKey(OLD_VARIABLE);
    return !given && cpu.family().equals("26"); // only AMD numbers its families this high
  }

  /**
   * Sets the cap in this process's environment where this CPU needs it, and returns it. Before the
   * engine's first convolution: later, oneDNN has fixed its instruction set. C's {@code setenv} is
   * not safe against a concurrent {@code getenv}, but the JVM reads a copy of the environment made
   * at its start, and libtorch reads it at that first convolution.
   */
  static Optional<String> capHere() {
    HostCpu cpu = HostCpu.current();
    if (!needed(cpu, System.getenv())) {
      return Optional.empty();
    }
    int failed =
        NativeLibrary.getInstance("c")
            .getFunction("setenv")
            .invokeInt(new Object[] {VARIABLE, CAP, 0});
    if (failed != 0) {
      throw new IllegalStateException("could not set " + VARIABLE + " in the environment");
    }
    LOG.info(
        "oneDNN capped at {} on this CPU, {}, where its wider kernels compute wrong convolutions"
            + " ({}={}; set it yourself to try others: the self-check tells whether they are"
            + " right)",
        CAP,
        cpu,
        VARIABLE,
        CAP);
    return Optional.of(VARIABLE + "=" + CAP);
  }
}
