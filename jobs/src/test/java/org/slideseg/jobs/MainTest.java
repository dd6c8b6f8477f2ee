package org.slideseg.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slideseg.jobs.cli.Command;

/** The command line every command shares: help, exit codes, one parse of the device. */
class MainTest {
  private record Result(int exit, String out, String err) {}

  private static Result main(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    var o = new ByteArrayOutputStream();
    var e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true));
      System.setErr(new PrintStream(e, true));
      int exit = Main.run(args);
      return new Result(exit, o.toString(), e.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void listsEveryCommand() {
    Result r = main("--help");
    assertThat(r.exit()).isZero();
    for (Command c : Main.COMMANDS) {
      assertThat(r.out()).contains("  " + c.usage().name() + " ");
    }
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Result r = main("segmnet");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown command \"segmnet\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"segment", "train", "bench"})
  void aBadDeviceIsAUsageErrorInEveryCommand(String command) {
    Result r = main(command, "--device", "tpu");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("--device \"tpu\" is not cpu, gpu, gpu:N or auto");
  }

  @ParameterizedTest
  @ValueSource(strings = {"segment", "train", "bench", "demo"})
  void helpQuotesTheDeclaredDefaults(String command) {
    Result r = main(command, "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: slideseg " + command).contains("(default ");
  }

  @Test
  void segmentHelpStatesEachDefaultOnce() {
    String help = main("segment", "--help").out();
    assertThat(help.replaceAll("\\s+", " "))
        .contains(
            "windows per Spark task at most (fewer if every core would not get work) (default 64)");
    assertThat(help).contains("(default 1 on cpu, 8 on gpu)");
  }
}
