package org.slideseg.common.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtEngine;
import com.sun.jna.Native;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Runs the self-check's convolutions with oneDNN at one instruction set, in a child JVM of the same
 * class path: oneDNN fixes its instruction set at its first convolution, so a trial in this JVM
 * would fix this JVM's choice. The child is this class's {@link #main}; it prints one line that
 * starts with {@link #MARKER}.
 */
final class InstructionSetTrial {
  static final String MARKER = "slideseg-onednn-trial: ";

  /** Generous for a JVM that loads libtorch and runs a few small convolutions (about 2 s). */
  private static final long TIMEOUT_SECONDS = 120;

  private InstructionSetTrial() {}

  /** What one child JVM found. */
  record Outcome(InstructionSet set, Result result, String detail) {
    enum Result {
      RIGHT,
      WRONG,
      /** The child gave no verdict: it could not start, crashed or hung. */
      FAILED
    }
  }

  /**
   * Tries {@code set} in a child JVM, with this JVM's DJL settings and {@code fault}, writing its
   * output to a file in {@code scratch} that is removed afterwards.
   */
  static Outcome run(InstructionSet set, EngineFault fault, Path scratch) {
    Path log = null;
    try {
      log = Files.createTempFile(scratch, "slideseg-onednn-trial-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command(fault)).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put(OneDnnInstructionSet.VARIABLE, set.name());
      builder.environment().remove(OneDnnInstructionSet.OLD_VARIABLE);
      Process child = builder.start();
      if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor();
        return new Outcome(set, Outcome.Result.FAILED, "no verdict in " + TIMEOUT_SECONDS + " s");
      }
      // Decoded leniently: a line in another encoding must not turn a verdict into no verdict.
      List<String> output = new String(Files.readAllBytes(log)).lines().toList();
      return parse(set, output, child.exitValue());
    } catch (IOException e) {
      return new Outcome(set, Outcome.Result.FAILED, "could not run a JVM: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(set, Outcome.Result.FAILED, "interrupted");
    } finally {
      deleteQuietly(log);
    }
  }

  static Outcome parse(InstructionSet set, List<String> output, int exitValue) {
    Optional<String> line =
        output.stream()
            .filter(l -> l.startsWith(MARKER))
            .findFirst()
            .map(l -> l.substring(MARKER.length()));
    if (exitValue != 0 || line.isEmpty()) {
      String last = output.isEmpty() ? "no output" : output.get(output.size() - 1);
      return new Outcome(
          set, Outcome.Result.FAILED, "the trial JVM exited " + exitValue + ": " + last);
    }
    String verdict = line.get();
    int space = verdict.indexOf(' ');
    String word = space < 0 ? verdict : verdict.substring(0, space);
    String detail = space < 0 ? "" : verdict.substring(space + 1);
    return switch (word) {
      case "right" -> new Outcome(set, Outcome.Result.RIGHT, detail);
      case "wrong" -> new Outcome(set, Outcome.Result.WRONG, detail);
      default -> new Outcome(set, Outcome.Result.FAILED, "unreadable verdict: " + verdict);
    };
  }

  private static List<String> command(EngineFault fault) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A short-lived JVM: no optimising compiler, a small heap (the tensors are native).
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("ai.djl.") || k.equals("java.io.tmpdir"))
        .sorted()
        .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
    command.add("-D" + EngineFault.KEY + "=" + fault.value());
    command.addAll(List.of("-cp", classPath(), InstructionSetTrial.class.getName()));
    return command;
  }

  /**
   * This JVM's class path, and the jars of the classes the child needs where they are not on it: a
   * Spark executor loads the application's jar in a class loader of its own.
   */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(e);
      }
    }
    for (Class<?> c :
        List.of(
            InstructionSetTrial.class,
            Engine.class,
            PtEngine.class,
            Native.class,
            LoggerFactory.class)) {
      jarOf(c).ifPresent(entries::add);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Optional<String> jarOf(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()).toString());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A trial's log in the temporary folder: harmless if it stays.
      }
    }
  }

  /** The child: checks the engine as the environment's instruction set makes it, and says so. */
  public static void main(String[] args) {
    EngineFault fault = EngineFault.fromSystemProperties();
    String set = System.getenv(OneDnnInstructionSet.VARIABLE);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      LibTorchSwitches.ofLoadedLibrary().nnpack(false);
      Deviation worst =
          ConvolutionCheck.worst(
              manager,
              ConvolutionCheck.trialCases(),
              fault.corrupts(true, set == null ? "ALL" : set));
      System.out.println(MARKER + (worst.wrong() ? "wrong " : "right ") + worst);
    }
  }
}
