package org.slideseg.jobs.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.train.Augmentation;
import org.slideseg.common.train.LabelledImages;
import org.slideseg.common.train.TrainSettings;
import org.slideseg.jobs.cli.Option;
import org.slideseg.jobs.cli.Options;
import org.slideseg.jobs.cli.ParsedOptions;
import org.slideseg.jobs.console.UsageException;

/**
 * The resolved options of {@code slideseg train}.
 *
 * @param train image stems to train on; validate: stems to validate on after each epoch
 * @param threads PyTorch threads
 */
record TrainOptions(
    Path data,
    Path out,
    List<String> train,
    List<String> validate,
    LabelledImages labels,
    int threads,
    TrainSettings settings) {

  static final Options OPTIONS =
      new Options(
          "slideseg train --spec <model.json> --data <dir> --validate <ids> --out <dir> [options]",
          """
          Trains a U-Net of the family on image / label pairs on this machine's CPU or GPU (no
          Spark), validating after every epoch, and writes a model directory that
          slideseg segment --model runs unchanged.""",
          List.of(
              Option.of(
                  "spec",
                  "<file>",
                  "model.json to train: format npz, its \"architecture\", window, normalize,"
                      + " activation and classes (e.g. models/architectures/unet-classic.json)"),
              Option.of(
                  "data",
                  "<dir>",
                  "<dir>/image/<id>.<ext> and <dir>/label/<id>.<ext> pairs (PNG, JPEG, TIFF),"
                      + " e.g. models/unet-isbi2012/data"),
              Option.of(
                  "validate",
                  "<ids>",
                  "images scored after every epoch: 20-24, or a,b,c (file stems)"),
              Option.computed("train", "<ids>", "images trained on", "all others in <dir>/image"),
              Option.of(
                  "out",
                  "<dir>",
                  "writes weights.npz, model.json and training.json after every epoch"),
              Option.computed(
                  "label-values", "<list>", "gray value of each class in label images", "0,1,..."),
              Option.computed("tile", "<n>", "training input window", "the spec's inputTile"),
              Option.of("epochs", "<n>", "epochs to train", "40"),
              Option.computed(
                  "steps-per-epoch", "<n>", "steps per epoch", "one pass over the training pixels"),
              Option.of("batch", "<n>", "windows per step", "2"),
              Option.of("lr", "<x>", "Adam learning rate, cosine-decayed to 0", "0.001"),
              Option.computed("class-weights", "<list>", "loss weight of each class", "1 each"),
              Option.of(
                  "border-weight",
                  "<w0>",
                  "the U-Net paper's border weight w0, e.g. 10; 0 is off",
                  "0"),
              Option.of("border-class", "<k>", "class of the borders between objects", "0"),
              Option.of("border-sigma", "<px>", "the paper's sigma", "5"),
              Option.of("elastic", "<p>", "probability of elastic deformation; 0 is off", "0.5"),
              Option.of(
                  "elastic-sigma",
                  "<px>",
                  "displacement standard deviation on the 3 x 3 grid",
                  "10"),
              Option.of("intensity", "<x>", "contrast +-x, brightness +-x/2 jitter", "0.15"),
              Option.of("seed", "<n>", "random seed", "2015"),
              Option.of("device", "<d>", "cpu, gpu, gpu:N or auto", "cpu"),
              Option.computed("threads", "<n>", "PyTorch threads", "all cores"),
              Option.flag(
                  "tta",
                  "validate with test-time augmentation, as segment --tta segments (mirrored"
                      + " copies of every window, averaged)")));

  static TrainOptions parse(List<String> args) throws UsageException, IOException {
    ParsedOptions v = OPTIONS.parse(args);
    ComputeDevice device = v.device("device");
    ModelSpec spec = trainableSpec(Path.of(v.required("spec", "the model.json to train")));
    Path data =
        dataDirectory(Path.of(v.required("data", "the directory of image/ and label/ pairs")));
    List<String> validate =
        ids("validate", v.required("validate", "the images to score after every epoch"));
    List<String> train = v.has("train") ? ids("train", v.string("train")) : allBut(data, validate);
    int tile = v.integer("tile", 1, spec.geometry().inputTile());
    if (spec.architecture().outputSize(tile) <= 0) {
      throw new UsageException(
          "--tile " + tile + " does not fit architecture " + spec.architecture().name());
    }
    TrainSettings settings;
    try {
      settings =
          new TrainSettings(
              spec,
              tile,
              v.integer("epochs", 1),
              v.integer("steps-per-epoch", 0, 0),
              v.integer("batch", 1),
              v.number("lr", 0, Double.POSITIVE_INFINITY),
              augmentation(v),
              v.integer("seed", 0),
              device,
              v.flag("tta"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return new TrainOptions(
        data,
        Path.of(v.required("out", "where to write the trained model")),
        train,
        validate,
        labels(v, spec.classes().size()),
        v.integer("threads", 1, Runtime.getRuntime().availableProcessors()),
        settings);
  }

  /** The spec in {@code file}, which must name an architecture to build. */
  private static ModelSpec trainableSpec(Path file) throws UsageException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--spec " + file + " is not a file");
    }
    ModelSpec spec;
    try {
      spec = ModelSpecJson.parse(Files.readString(file), file.toString());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (spec.architecture() == null) {
      throw new UsageException(
          file + ": training needs format \"npz\" and an \"architecture\" object");
    }
    return spec;
  }

  private static Path dataDirectory(Path data) throws UsageException {
    for (String sub : List.of("image", "label")) {
      if (!Files.isDirectory(data.resolve(sub))) {
        throw new UsageException("--data " + data + " has no " + sub + "/ directory");
      }
    }
    return data;
  }

  /** How label images map to classes and how each pixel weighs in the loss. */
  private static LabelledImages labels(ParsedOptions v, int classes) throws UsageException {
    int[] values = v.has("label-values") ? v.integers("label-values", 0) : defaultValues(classes);
    if (values.length != classes) {
      throw new UsageException(
          "--label-values has " + values.length + " values for " + classes + " classes");
    }
    for (int value : values) {
      if (value > 255) {
        throw new UsageException("--label-values value " + value + " is not a gray level 0-255");
      }
    }
    double[] classWeights = v.has("class-weights") ? numbers(v, "class-weights") : ones(classes);
    try {
      return new LabelledImages(
          values,
          classWeights,
          v.number("border-weight", 0, Double.POSITIVE_INFINITY),
          v.integer("border-class", 0),
          v.number("border-sigma", 0, Double.POSITIVE_INFINITY));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Augmentation augmentation(ParsedOptions v) throws UsageException {
    try {
      return new Augmentation(
          v.number("elastic", 0, Double.POSITIVE_INFINITY),
          v.number("elastic-sigma", 0, Double.POSITIVE_INFINITY),
          v.number("intensity", 0, Double.POSITIVE_INFINITY));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code 0-19}, {@code 3,5,7} or stems like {@code slide-a,slide-b}. */
  static List<String> ids(String key, String text) throws UsageException {
    Set<String> out = new LinkedHashSet<>();
    for (String item : text.split(",")) {
      String s = item.strip();
      if (s.matches("\\d+-\\d+")) {
        int a = Integer.parseInt(s.substring(0, s.indexOf('-')));
        int b = Integer.parseInt(s.substring(s.indexOf('-') + 1));
        if (a > b) {
          throw new UsageException("--" + key + " range " + s + " is empty");
        }
        for (int i = a; i <= b; i++) {
          out.add(Integer.toString(i));
        }
      } else if (!s.isEmpty()) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("--" + key + " names no images");
    }
    return List.copyOf(out);
  }

  private static List<String> allBut(Path data, List<String> validate) throws IOException {
    List<String> out = new ArrayList<>();
    try (var files = Files.list(data.resolve("image"))) {
      files
          .map(p -> stem(p.getFileName().toString()))
          .filter(s -> !validate.contains(s))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  private static int[] defaultValues(int classes) {
    int[] out = new int[classes];
    for (int i = 0; i < classes; i++) {
      out[i] = i;
    }
    return out;
  }

  private static double[] ones(int n) {
    double[] out = new double[n];
    Arrays.fill(out, 1.0);
    return out;
  }

  private static double[] numbers(ParsedOptions v, String key) throws UsageException {
    String[] parts = v.string(key).split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new UsageException("--" + key + " value \"" + parts[i] + "\" is not a number");
      }
    }
    return out;
  }
}
