package org.slideseg.jobs.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  /** In a log: no carriage returns, and at most one line per interval whatever the calls. */
  @Test
  void logsPlainLinesAtMostEveryInterval() {
    List<String> log = new ArrayList<>();
    ProgressLine line = new ProgressLine(null, log::add);
    for (int i = 0; i < 1000; i++) {
      line.show("step " + i);
    }
    line.end("done");
    assertThat(log).containsExactly("step 0", "done");
  }

  /** On a terminal: the line is redrawn in place, and its end stays on screen. */
  @Test
  void redrawsOneLineOnATerminal() {
    var screen = new ByteArrayOutputStream();
    ProgressLine line =
        new ProgressLine(new PrintStream(screen, true, StandardCharsets.UTF_8), text -> {});
    line.show("epoch 1 [====      ]");
    line.end("epoch 1: done");
    assertThat(screen.toString(StandardCharsets.UTF_8))
        .isEqualTo("\repoch 1 [====      ]\repoch 1: done       " + System.lineSeparator());
  }

  @Test
  void durationsReadAsMinutesOrHours() {
    assertThat(ProgressLine.duration(7.4)).isEqualTo("0m07s");
    assertThat(ProgressLine.duration(750)).isEqualTo("12m30s");
    assertThat(ProgressLine.duration(3 * 3600 + 5 * 60)).isEqualTo("3h05m");
  }
}
