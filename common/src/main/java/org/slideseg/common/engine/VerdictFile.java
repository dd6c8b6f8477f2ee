package org.slideseg.common.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The trial's verdict, kept in a small file so that later JVMs on the machine (every executor of
 * every run) skip the trial. The file's name carries a hash of the key, and the file the key
 * itself: what decides the verdict (the CPU's every field, libtorch's and DJL's versions, a test's
 * fault). A file whose key differs, or that cannot be read as a verdict, is ignored and rewritten.
 * It is written whole to a temporary file and moved into place, so readers see a whole verdict or
 * none; JVMs that start together wait on a lock for the first one's trial.
 *
 * <p>The verdict only saves time: every JVM's self-check still proves the chosen set right.
 */
final class VerdictFile {
  private static final String OFF = "OFF";

  private final Path file;
  private final String key;

  private VerdictFile(Path file, String key) {
    this.file = file;
    this.key = key;
  }

  /** The verdict file for {@code key} in {@code folder}, one per user. */
  static VerdictFile of(Path folder, String key) {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return new VerdictFile(
        folder.resolve("slideseg-onednn-" + user + "-" + hash(key) + ".properties"), key);
  }

  Path path() {
    return file;
  }

  /** The kept choice, if the file holds a whole verdict for this key. */
  Optional<OneDnnChoice> read() {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String set = p.getProperty("set", "");
    String wrong = p.getProperty("wrong");
    if (!key.equals(p.getProperty("key")) || wrong == null || !known(set)) {
      return Optional.empty();
    }
    return Optional.of(
        new OneDnnChoice(
            set.equals(OFF) ? Optional.empty() : Optional.of(set),
            wrong,
            "an earlier trial's verdict on this machine, " + file,
            Optional.of(file)));
  }

  private static boolean known(String set) {
    if (set.equals(OFF)) {
      return true;
    }
    try {
      InstructionSet.valueOf(set);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Keeps {@code choice} for later JVMs.
   *
   * @throws UncheckedIOException if the folder cannot be written
   */
  void write(OneDnnChoice choice) {
    Properties p = new Properties();
    p.setProperty("key", key);
    p.setProperty("set", choice.set().orElse(OFF));
    p.setProperty("wrong", choice.wrongWider());
    try {
      Path part = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
      try (OutputStream out = Files.newOutputStream(part)) {
        p.store(out, "slideseg: oneDNN's instruction set on this machine, as the trial found it");
      }
      try {
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the oneDNN verdict in " + file, e);
    }
  }

  /** Drops the verdict in {@code file}, so that the next JVM tries again. */
  static void forget(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the oneDNN verdict " + file, e);
    }
  }

  /**
   * Runs {@code action} holding this verdict's lock against other JVMs, or without it where the
   * folder cannot hold one: the lock only saves them repeating the trial.
   */
  <T> T locked(Supplier<T> action) {
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.lock(); // released when the channel closes
    } catch (IOException | OverlappingFileLockException e) {
      // No lock here: JVMs that start together may each run the trial.
    }
    try {
      return action.get();
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing releases the lock; the process's exit would too.
      }
    }
  }

  private static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
