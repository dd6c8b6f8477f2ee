package org.slideseg.jobs.train;

import static org.slideseg.jobs.console.ProgressLine.duration;

import org.slideseg.common.train.EpochResult;
import org.slideseg.common.train.UNetTrainer;
import org.slideseg.jobs.console.ProgressLine;

/**
 * Training progress ({@link ProgressLine}): a bar redrawn in place while an epoch runs on a
 * terminal, or a line every ten seconds in a log; and one line per epoch with its loss, validation
 * figures and time.
 */
final class ConsoleProgress implements UNetTrainer.Progress {
  private static final int BAR = 30;
  private final int epochs;
  private final int steps;
  private final ProgressLine line = ProgressLine.of(System.out::println);
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
    line.show(
        String.format(
            "epoch %d/%d [%s] %d/%d loss %.4f, %s elapsed, ~%s left",
            epoch,
            epochs,
            bar((double) step / steps),
            step,
            steps,
            runningLoss,
            duration(elapsed),
            duration(elapsed / done * (1 - done))));
  }

  @Override
  public void epoch(EpochResult r) {
    line.end(
        String.format(
            "epoch %d/%d: loss %.4f, validation pixel error %.4f, Dice %.4f (%s)",
            r.epoch(),
            epochs,
            r.loss(),
            r.validation().pixelError(),
            r.validation().dice(),
            duration(r.seconds())));
  }

  private static String bar(double fraction) {
    int filled = (int) Math.round(fraction * BAR);
    return "=".repeat(filled) + " ".repeat(BAR - filled);
  }
}
