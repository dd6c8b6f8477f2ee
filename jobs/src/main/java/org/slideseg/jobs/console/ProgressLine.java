package org.slideseg.jobs.console;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * How every command shows progress. On a terminal, one line redrawn in place as often as it
 * changes; elsewhere (a log file, spark-submit, an Airflow task log) a plain line at most every
 * {@link #LOG_INTERVAL_NANOS}, because carriage returns make a log unreadable. Thread-safe.
 */
public final class ProgressLine {
  /** Ten seconds: often enough to see a run move, rare enough to keep a day's log short. */
  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private static final long TERMINAL_INTERVAL_NANOS = 250_000_000L;

  private final PrintStream terminal;
  private final Consumer<String> log;
  private final long interval;
  private long shownAt;
  private int shownLength;

  /**
   * @param terminal where to redraw the line, or null to write plain lines to {@code log}
   */
  ProgressLine(PrintStream terminal, Consumer<String> log) {
    this.terminal = terminal;
    this.log = log;
    this.interval = terminal != null ? TERMINAL_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
    this.shownAt = System.nanoTime() - interval;
  }

  /** Progress on standard output when it is a terminal, else through {@code log}. */
  public static ProgressLine of(Consumer<String> log) {
    return new ProgressLine(System.console() != null ? System.out : null, log);
  }

  /** Shows {@code text} unless a line was shown less than an interval ago. */
  public synchronized void show(String text) {
    long now = System.nanoTime();
    if (now - shownAt < interval) {
      return;
    }
    shownAt = now;
    if (terminal == null) {
      log.accept(text);
      return;
    }
    terminal.print("\r" + text + " ".repeat(Math.max(0, shownLength - text.length())));
    terminal.flush();
    shownLength = text.length();
  }

  /** Shows {@code text} now, as a line of its own that the next progress does not overwrite. */
  public synchronized void end(String text) {
    if (terminal == null) {
      log.accept(text);
      return;
    }
    terminal.println("\r" + text + " ".repeat(Math.max(0, shownLength - text.length())));
    shownLength = 0;
  }

  /** A duration as people read it in a progress line: 0m07s, 12m30s, 3h05m. */
  public static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
