package org.slideseg.common.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the engine's convolutions right on this CPU before any model runs ({@link
 * ConvolutionCheck#selfCheckCases}). Where oneDNN's kernels are wrong, it switches oneDNN off for
 * the JVM, so convolutions run on PyTorch's own kernels, and checks again; where those are wrong
 * too, it refuses with {@link EngineDefectException}. oneDNN fixes its instruction set at its first
 * use, so the check first caps it on CPUs where its wider kernels are known wrong ({@link
 * OneDnnInstructionSet}); on others, a narrower {@code ONEDNN_MAX_CPU_ISA} can only be given before
 * the JVM starts, and the messages say so.
 */
final class EngineSelfCheck {
  /**
   * Test only: {@code onednn} makes the check see a wrong result while oneDNN is on, {@code always}
   * whatever is switched; so the paths after a failed check run on a CPU where the engine is right.
   */
  static final String FAULT_KEY = "slideseg.test.engine-fault";

  private static final Logger LOG = LoggerFactory.getLogger(EngineSelfCheck.class);

  enum Fault {
    NONE,
    ONEDNN,
    ALWAYS;

    static Fault fromSystemProperties() {
      return valueOf(System.getProperty(FAULT_KEY, "none").toUpperCase(Locale.ROOT));
    }
  }

  /**
   * What the check found: whether oneDNN had to be switched off, and the worst deviation of the
   * convolutions that slideseg now runs.
   */
  record Verdict(boolean oneDnnSwitchedOff, Deviation worst) {}

  private EngineSelfCheck() {}

  /**
   * Checks the engine, starting it if needed; switches NNPACK off in any case (see below).
   *
   * @throws EngineDefectException if convolutions are wrong with oneDNN on and off
   */
  static Verdict run(Fault fault) {
    Optional<String> cap = OneDnnInstructionSet.capHere();
    try (NDManager manager =
        NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName())) {
      LibTorchSwitches switches = LibTorchSwitches.ofLoadedLibrary();
      // NNPACK is only reached where oneDNN is not (batches of 16 and more), computes by fast
      // transforms that are less exact, and on CPUs it does not know logs a warning per model call.
      switches.nnpack(false);
      boolean oneDnn = switches.oneDnn();
      Deviation first =
          ConvolutionCheck.worst(
              manager,
              ConvolutionCheck.selfCheckCases(),
              fault == Fault.ALWAYS || (fault == Fault.ONEDNN && oneDnn));
      if (!first.wrong()) {
        return new Verdict(false, first);
      }
      if (!oneDnn) {
        throw new EngineDefectException(refusal(first.toString(), cap));
      }
      switches.oneDnn(false);
      Deviation second =
          ConvolutionCheck.worst(manager, ConvolutionCheck.selfCheckCases(), fault == Fault.ALWAYS);
      if (second.wrong()) {
        throw new EngineDefectException(
            refusal(first + ", and with oneDNN switched off " + second, cap));
      }
      warnSwitchedOff(first, cap);
      return new Verdict(true, second);
    }
  }

  private static void warnSwitchedOff(Deviation first, Optional<String> cap) {
    LOG.warn(
        "PyTorch's oneDNN convolutions are wrong on this CPU, {}{}: {}. Switched oneDNN off in"
            + " this JVM: convolutions now run on PyTorch's own kernels, which are right here and"
            + " about 3x slower.{}",
        HostCpu.current(),
        cap.map(c -> " with " + c).orElse(""),
        first,
        cap.isPresent()
            ? ""
            : " ONEDNN_MAX_CPU_ISA=SSE41 in the environment before the JVM starts keeps oneDNN"
                + " with narrower kernels (slideseg sets it itself on AMD's Zen 5, where the wider"
                + " ones are wrong, and it is about 4x faster there than this fallback); this check"
                + " tells at every start whether they are right.");
  }

  /**
   * @param cap the instruction set this JVM capped oneDNN at for its CPU, if it did
   */
  private static String refusal(String wrong, Optional<String> cap) {
    String everyJvm =
        " in the environment of every JVM that runs models (the driver's, and"
            + " spark.executorEnv.ONEDNN_MAX_CPU_ISA for executors)";
    return "PyTorch computes wrong convolutions on this CPU, "
        + HostCpu.current()
        + cap.map(c -> " with " + c).orElse("")
        + ": "
        + wrong
        + ". No model can run here: "
        + (cap.isPresent()
            ? "run on another CPU, or try another ONEDNN_MAX_CPU_ISA" + everyJvm
            : "set ONEDNN_MAX_CPU_ISA=SSE41" + everyJvm + ", or run on another CPU");
  }
}
