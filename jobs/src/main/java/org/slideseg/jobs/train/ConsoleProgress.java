package org.slideseg.jobs.train;

import org.slideseg.common.train.EpochResult;
import org.slideseg.common.train.UNetTrainer;

/**
 * Training progress on the terminal: a bar redrawn in place while an epoch runs (on a console), and
 * one line per epoch with its loss, validation figures and time. When output goes to a file or a
 * log, the bar is replaced by a line every tenth of an epoch.
 */
final class ConsoleProgress implements UNetTrainer.Progress {
  private static final int BAR = 30;
  private final int epochs;
  private final int steps;
  private final boolean console = System.console() != null;
  private final long start = System.nanoTime();
  private double runningLoss = Double.NaN;

  ConsoleProgress(int epochs, int steps) {
    this.epochs = epochs;
    this.steps = steps;
  }

  @Override
  public void step(int epoch, int step, double loss) {
    runningLoss = Double.isNaN(runningLoss) ? loss : 0.95 * runningLoss + 0.05 * loss;
    double done = ((epoch - 1) * (double) steps + step) / ((double) epochs * steps);
    double elapsed = (System.nanoTime() - start) / 1e9;
    String line =
        String.format(
            "epoch %d/%d [%s] %d/%d loss %.4f, %s elapsed, ~%s left",
            epoch,
            epochs,
            bar((double) step / steps),
            step,
            steps,
            runningLoss,
            duration(elapsed),
            duration(elapsed / done * (1 - done)));
    if (console) {
      System.out.print("\r" + line);
      System.out.flush();
    } else if (step % Math.max(1, steps / 10) == 0) {
      System.out.println(line);
    }
  }

  @Override
  public void epoch(EpochResult r) {
    System.out.printf(
        "%sepoch %d/%d: loss %.4f, validation pixel error %.4f, Dice %.4f (%s)%n",
        console ? "\r" : "",
        r.epoch(),
        epochs,
        r.loss(),
        r.validation().pixelError(),
        r.validation().dice(),
        duration(r.seconds()));
  }

  private static String bar(double fraction) {
    int filled = (int) Math.round(fraction * BAR);
    return "=".repeat(filled) + " ".repeat(BAR - filled);
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
        : String.format("%dm%02ds", s / 60, s % 60);
  }
}
