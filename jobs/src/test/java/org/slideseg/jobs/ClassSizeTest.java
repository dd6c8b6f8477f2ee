package org.slideseg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class of the jobs module reads in a few screens: one that grows past the limit does more
 * than one thing, and is split along what it does (the driver once grew into a 586-line class).
 */
class ClassSizeTest {
  private static final int MAX_LINES = 300;

  @Test
  void noSourceFileIsLongerThanTheLimit() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      List<String> tooLong =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> lines(f) > MAX_LINES)
              .map(f -> f + " (" + lines(f) + " lines)")
              .toList();
      assertThat(tooLong).as("files over " + MAX_LINES + " lines").isEmpty();
    }
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
