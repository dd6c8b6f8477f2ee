package org.slideseg.jobs.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.train.EpochResult;
import org.slideseg.common.train.LabelledImage;
import org.slideseg.common.train.TrainSettings;
import org.slideseg.common.train.UNetTrainer;
import org.slideseg.jobs.cli.Command;
import org.slideseg.jobs.console.UsageException;

/**
 * {@code slideseg train}: trains any architecture of the U-Net family on image / label pairs on
 * this machine's CPU or GPU (no Spark), validating after every epoch, and writes a model directory
 * that {@code slideseg segment --model} runs unchanged.
 */
public final class TrainCommand implements Command {
  @Override
  public Usage usage() {
    return new Usage(
        "train",
        "train a U-Net of the family on image / label pairs, validating every epoch",
        TrainOptions.OPTIONS);
  }

  @Override
  public int run(List<String> args) throws IOException, UsageException {
    TrainOptions o = TrainOptions.parse(args);
    TorchRuntime.configure(o.threads());
    Configuration conf = new Configuration();
    List<LabelledImage> train = load(o, o.train(), conf);
    List<LabelledImage> validate = load(o, o.validate(), conf);
    TrainSettings settings = o.settings();
    int steps = settings.stepsPerEpochOver(train);
    System.out.printf(
        "training %s (%s) on %d images, validating on %d: %d epochs x %d steps of %d %d x %d"
            + " windows (%d x %d labelled) on %s%n",
        settings.spec().name(),
        ModelSpecJson.toJson(settings.spec().architecture()),
        train.size(),
        validate.size(),
        settings.epochs(),
        steps,
        settings.batch(),
        settings.tile(),
        settings.tile(),
        settings.outputTile(),
        settings.outputTile(),
        settings.device());
    List<EpochResult> history =
        new UNetTrainer(settings, new ConsoleProgress(settings.epochs(), steps))
            .train(train, validate, o.out());
    EpochResult last = history.get(history.size() - 1);
    System.out.printf(
        "done in %.0f s: pixel error %.4f, Dice %.4f; model in %s%n",
        last.seconds(), last.validation().pixelError(), last.validation().dice(), o.out());
    return 0;
  }

  private static List<LabelledImage> load(TrainOptions o, List<String> ids, Configuration conf)
      throws IOException, UsageException {
    List<LabelledImage> out = new ArrayList<>();
    for (String id : ids) {
      out.add(
          o.labels()
              .read(
                  find(o.data().resolve("image"), id).toUri(),
                  find(o.data().resolve("label"), id).toUri(),
                  o.settings().spec().inputChannels(),
                  o.settings().spec().normalize().samples(),
                  conf));
    }
    return out;
  }

  private static Path find(Path dir, String id) throws IOException, UsageException {
    try (var files = Files.list(dir)) {
      List<Path> matches =
          files.filter(p -> TrainOptions.stem(p.getFileName().toString()).equals(id)).toList();
      if (matches.size() != 1) {
        throw new UsageException(
            dir + " has " + matches.size() + " files named " + id + ".*; expected exactly one");
      }
      return matches.get(0);
    }
  }
}
