package org.slideseg.jobs.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slideseg.common.model.TorchRuntime;
import org.slideseg.common.train.EpochResult;
import org.slideseg.common.train.LabelledImage;
import org.slideseg.common.train.TrainSettings;
import org.slideseg.common.train.UNetTrainer;
import org.slideseg.jobs.UsageException;

/**
 * {@code slideseg train}: trains any architecture of the U-Net family on image / label pairs on
 * this machine's CPU or GPU (no Spark), validating after every epoch, and writes a model directory
 * that {@code slideseg segment --model} runs unchanged.
 */
public final class TrainCommand {
  static final String HELP =
      """
      Usage: slideseg train --spec <model.json> --data <dir> --validate <ids> --out <dir> [options]

        --spec <file>            model.json to train: format npz, its "architecture", window, normalize,
                                 activation and classes (e.g. models/unet-classic/model.json)
        --data <dir>             <dir>/image/<id>.<ext> and <dir>/label/<id>.<ext> pairs (PNG, JPEG, TIFF)
        --validate <ids>         images scored after every epoch: 20-24, or a,b,c (file stems)
        --train <ids>            images trained on (default: all others in <dir>/image)
        --out <dir>              writes weights.npz, model.json and training.json after every epoch
        --label-values <list>    gray value of each class in label images (default 0,1,...)
        --tile <n>               training input window (default the spec's inputTile)
        --epochs <n>             (default 40)
        --steps-per-epoch <n>    (default: one pass over the training pixels)
        --batch <n>              windows per step (default 2)
        --lr <x>                 Adam learning rate, cosine-decayed to 0 (default 0.001)
        --class-weights <list>   loss weight of each class (default 1 each)
        --border-weight <w0>     the U-Net paper's border weight w0, e.g. 10 (default 0: off)
        --border-class <k>       class of the borders between objects (default 0)
        --border-sigma <px>      the paper's sigma (default 5)
        --elastic <p>            probability of elastic deformation (default 0.5; 0 = off)
        --elastic-sigma <px>     displacement standard deviation on the 3 x 3 grid (default 10)
        --intensity <x>          contrast +-x, brightness +-x/2 jitter (default 0.15)
        --seed <n>               (default 2015)
        --device <d>             cpu, gpu or gpu:N (default cpu)
        --threads <n>            PyTorch threads (default: all cores)
      """;

  private TrainCommand() {}

  public static int run(List<String> args) throws IOException, UsageException {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.print(HELP);
      return 0;
    }
    TrainOptions o = TrainOptions.parse(args);
    TorchRuntime.configure(o.threads());
    Configuration conf = new Configuration();
    List<LabelledImage> train = load(o, o.train(), conf);
    List<LabelledImage> validate = load(o, o.validate(), conf);
    int steps = o.stepsPerEpoch() > 0 ? o.stepsPerEpoch() : onePass(o, train);
    TrainSettings settings =
        new TrainSettings(
            o.spec(),
            o.tile(),
            o.epochs(),
            steps,
            o.batch(),
            o.learningRate(),
            o.augmentation(),
            o.seed(),
            o.device());
    System.out.printf(
        "training %s (%s) on %d images, validating on %d: %d epochs x %d steps of %d %d x %d"
            + " windows (%d x %d labelled) on %s%n",
        o.spec().name(),
        o.spec().architecture().toJson(),
        train.size(),
        validate.size(),
        o.epochs(),
        steps,
        o.batch(),
        o.tile(),
        o.tile(),
        settings.outputTile(),
        settings.outputTile(),
        o.device());
    List<EpochResult> history =
        new UNetTrainer(settings, new ConsoleProgress(o.epochs(), steps))
            .train(train, validate, o.out());
    EpochResult last = history.get(history.size() - 1);
    System.out.printf(
        "done in %.0f s: pixel error %.4f, Dice %.4f; model in %s%n",
        last.seconds(), last.validation().pixelError(), last.validation().dice(), o.out());
    return 0;
  }

  /** Steps that show the network as many labelled pixels as the training images hold. */
  private static int onePass(TrainOptions o, List<LabelledImage> train) {
    long pixels = train.stream().mapToLong(i -> (long) i.width() * i.height()).sum();
    long out = o.spec().architecture().outputSize(o.tile());
    return (int) Math.max(1, Math.ceil((double) pixels / (o.batch() * out * out)));
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
                  o.spec().inputChannels(),
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
