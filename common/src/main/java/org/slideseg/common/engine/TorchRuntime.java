package org.slideseg.common.engine;

import java.nio.file.Path;

/**
 * JVM-wide settings of the PyTorch engine, and its self-check. DJL reads the settings once, when
 * the engine starts, so they must be applied before the first model is loaded in this JVM; values
 * the user set with {@code -D} win. The check's outcome is the one piece of JVM-wide state here:
 * the engine, its switches and oneDNN's instruction set are per JVM too.
 */
public final class TorchRuntime {
  private static EngineDefectException defect;
  private static boolean checked;

  private TorchRuntime() {}

  /**
   * Forbids downloads, sizes PyTorch's thread pools, and, the first time in this JVM, starts the
   * engine, chooses oneDNN's instruction set ({@link OneDnnInstructionSet}, with its verdict kept
   * in {@code java.io.tmpdir}) and proves its convolutions right on this CPU ({@link
   * EngineSelfCheck}).
   *
   * @param threads intra-op threads per JVM: the cores of the JVM divided by its concurrent tasks
   * @throws EngineDefectException, every time, if the engine cannot compute right on this CPU
   */
  public static synchronized void configure(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads " + threads + " must be at least 1");
    }
    setDefault("ai.djl.offline", "true");
    setDefault("ai.djl.pytorch.num_threads", Integer.toString(threads));
    // Tasks already run windows in parallel; inter-op parallelism would oversubscribe the cores.
    setDefault("ai.djl.pytorch.num_interop_threads", "1");
    // The profiling JIT re-optimises for every new batch shape (the last batch of a task is
    // smaller), which costs more than it saves for convolutional networks.
    setDefault("ai.djl.pytorch.graph_optimizer", "false");
    if (!checked) {
      try {
        check();
      } catch (EngineDefectException e) {
        defect = e;
      }
      checked = true;
    }
    if (defect != null) {
      throw new EngineDefectException(defect.getMessage());
    }
  }

  private static void check() {
    EngineFault fault = EngineFault.fromSystemProperties();
    OneDnnChoice choice =
        OneDnnInstructionSet.choose(
            HostCpu.current(),
            fault,
            Path.of(System.getProperty("java.io.tmpdir")),
            System.getenv());
    OneDnnInstructionSet.putInEnvironment(choice);
    EngineSelfCheck.Verdict verdict = EngineSelfCheck.run(choice, fault);
    if (verdict.oneDnnSwitchedOff()) {
      choice.verdict().ifPresent(VerdictFile::forget);
    }
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
