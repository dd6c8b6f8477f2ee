package org.slideseg.common.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The instruction set this JVM gives oneDNN, and why: what the log says in one line once the
 * self-check has proved it right.
 *
 * @param set the value of {@code ONEDNN_MAX_CPU_ISA}; empty where oneDNN is to be off
 * @param wrongWider what was wrong at wider sets ({@code ""} where the widest was right)
 * @param source where the choice comes from: a trial, an earlier trial's verdict, the user
 * @param verdict the file that keeps the choice for later JVMs, if it came from or went to one
 */
record OneDnnChoice(
    Optional<String> set, String wrongWider, String source, Optional<Path> verdict) {

  /** The set the user gave in {@code variable}, tried by nobody. */
  static OneDnnChoice given(String variable, String set) {
    return new OneDnnChoice(Optional.of(set), "", "as " + variable + " says", Optional.empty());
  }

  boolean isGiven() {
    return source.startsWith("as ");
  }

  /** The set oneDNN runs at, as the fault and the messages name it. */
  String setName() {
    return set.orElse("off");
  }

  boolean off() {
    return set.isEmpty();
  }

  /** The log's line, once the self-check has found the convolutions right. */
  String line(HostCpu cpu) {
    if (off()) {
      return "oneDNN off: "
          + wrongWider
          + "; convolutions run on PyTorch's own kernels, about 3x slower ("
          + source
          + ")";
    }
    String at = set.get().equals(InstructionSet.ALL.name()) ? " (its widest kernels)" : "";
    if (wrongWider.isEmpty()) {
      return "oneDNN at " + set.get() + at + ": right on this CPU, " + cpu + " (" + source + ")";
    }
    return "oneDNN capped at " + set.get() + ": " + wrongWider + " (" + source + ")";
  }
}
