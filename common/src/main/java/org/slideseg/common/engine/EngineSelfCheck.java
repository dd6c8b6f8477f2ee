package org.slideseg.common.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the engine's convolutions right in this JVM, with oneDNN at the instruction set chosen for
 * it ({@link OneDnnInstructionSet}), before any model runs ({@link
 * ConvolutionCheck#selfCheckCases}). Where they are wrong even so (a user's set, a verdict that no
 * longer holds), it switches oneDNN off for the JVM, so convolutions run on PyTorch's own kernels,
 * and checks again; where those are wrong too, it refuses with {@link EngineDefectException}.
 */
final class EngineSelfCheck {
  private static final Logger LOG = LoggerFactory.getLogger(EngineSelfCheck.class);

  /**
   * What the check found: whether it had to switch oneDNN off against the choice, and the worst
   * deviation of the convolutions that slideseg now runs.
   */
  record Verdict(boolean oneDnnSwitchedOff, Deviation worst) {}

  private EngineSelfCheck() {}

  /**
   * Checks the engine as {@code choice} set it up, switching oneDNN off where the choice says so,
   * and NNPACK in any case (see below); logs the choice's line if it holds.
   *
   * @throws EngineDefectException if convolutions are wrong with oneDNN off
   */
  static Verdict run(OneDnnChoice choice, EngineFault fault) {
    HostCpu cpu = HostCpu.current();
    // On the CPU, whatever the engine's default device: oneDNN's kernels are the CPU's, and on a
    // GPU machine the default device is the GPU.
    try (NDManager manager =
        NDManager.newBaseManager(Device.cpu(), Engine.getEngine("PyTorch").getEngineName())) {
      LibTorchSwitches switches = LibTorchSwitches.ofLoadedLibrary();
      // NNPACK is only reached where oneDNN is not (batches of 16 and more), computes by fast
      // transforms that are less exact, and on CPUs it does not know logs a warning per model call.
      switches.nnpack(false);
      if (choice.off()) {
        switches.oneDnn(false);
      }
      boolean oneDnn = switches.oneDnn();
      Deviation first = worst(manager, fault.corrupts(oneDnn, choice.setName()));
      if (!first.wrong()) {
        LOG.info(choice.line(cpu));
        return new Verdict(false, first);
      }
      if (!oneDnn) {
        throw new EngineDefectException(refusal(cpu, choice, "with oneDNN off, " + first));
      }
      switches.oneDnn(false);
      Deviation second = worst(manager, fault.corrupts(false, choice.setName()));
      String wrongAtChoice = "with oneDNN at " + choice.setName() + ", " + first;
      if (second.wrong()) {
        throw new EngineDefectException(
            refusal(cpu, choice, wrongAtChoice + ", and with oneDNN switched off, " + second));
      }
      LOG.warn(
          "PyTorch's oneDNN convolutions are wrong on this CPU, {}, {} ({}). Switched oneDNN off in"
              + " this JVM: convolutions now run on PyTorch's own kernels, which are right here and"
              + " about 3x slower.{}",
          cpu,
          wrongAtChoice,
          choice.source(),
          choice.verdict().isPresent()
              ? " The verdict that chose it is dropped: the next JVM tries again."
              : "");
      return new Verdict(true, second);
    }
  }

  private static Deviation worst(NDManager manager, boolean corrupt) {
    return ConvolutionCheck.worst(manager, ConvolutionCheck.selfCheckCases(), corrupt);
  }

  private static String refusal(HostCpu cpu, OneDnnChoice choice, String wrong) {
    String why = choice.wrongWider().isEmpty() ? "" : " (" + choice.wrongWider() + ")";
    return "PyTorch computes wrong convolutions on this CPU, "
        + cpu
        + ": "
        + wrong
        + why
        + ". No model can run here: run on another CPU"
        + (choice.isGiven()
            ? ", or unset " + OneDnnInstructionSet.VARIABLE + " so that slideseg tries each set"
            : "");
  }
}
