package org.slideseg.jobs.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.train.Augmentation;
import org.slideseg.common.train.LabelledImages;
import org.slideseg.jobs.OptionValues;
import org.slideseg.jobs.UsageException;

/**
 * The resolved options of {@code slideseg train}.
 *
 * @param train image stems to train on; validate: stems to validate on after each epoch
 * @param stepsPerEpoch 0 for one pass over the training pixels (see {@link TrainCommand})
 */
record TrainOptions(
    ModelSpec spec,
    Path data,
    Path out,
    List<String> train,
    List<String> validate,
    LabelledImages labels,
    int tile,
    int epochs,
    int stepsPerEpoch,
    int batch,
    double learningRate,
    Augmentation augmentation,
    long seed,
    String device,
    int threads) {

  static final Set<String> KEYS =
      Set.of(
          "spec",
          "data",
          "out",
          "train",
          "validate",
          "label-values",
          "tile",
          "epochs",
          "steps-per-epoch",
          "batch",
          "lr",
          "class-weights",
          "border-weight",
          "border-class",
          "border-sigma",
          "elastic",
          "elastic-sigma",
          "intensity",
          "seed",
          "device",
          "threads");

  static TrainOptions parse(List<String> args) throws UsageException, IOException {
    Map<String, List<String>> v = OptionValues.keyValues(args, KEYS);
    Path specFile = Path.of(OptionValues.required(v, "spec", "the model.json to train"));
    if (!Files.isRegularFile(specFile)) {
      throw new UsageException("--spec " + specFile + " is not a file");
    }
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(Files.readString(specFile), specFile.toString());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (spec.architecture() == null) {
      throw new UsageException(
          specFile + ": training needs format \"npz\" and an \"architecture\" object");
    }
    Path data =
        Path.of(OptionValues.required(v, "data", "the directory of image/ and label/ pairs"));
    for (String sub : List.of("image", "label")) {
      if (!Files.isDirectory(data.resolve(sub))) {
        throw new UsageException("--data " + data + " has no " + sub + "/ directory");
      }
    }
    List<String> validate =
        ids(
            "validate",
            OptionValues.required(v, "validate", "the images to score after every epoch"));
    String trainIds = OptionValues.single(v, "train", null);
    List<String> train = trainIds == null ? allBut(data, validate) : ids("train", trainIds);
    int classes = spec.classes().size();
    int[] values = integers(v, "label-values", defaultValues(classes));
    if (values.length != classes) {
      throw new UsageException(
          "--label-values has " + values.length + " values for " + classes + " classes");
    }
    double[] classWeights = numbers(v, "class-weights", new double[classes]);
    if (!v.containsKey("class-weights")) {
      java.util.Arrays.fill(classWeights, 1.0);
    }
    LabelledImages labels;
    try {
      labels =
          new LabelledImages(
              values,
              classWeights,
              number(v, "border-weight", 0),
              (int) number(v, "border-class", 0),
              number(v, "border-sigma", 5));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Augmentation augmentation;
    try {
      augmentation =
          new Augmentation(
              number(v, "elastic", 0.5),
              number(v, "elastic-sigma", 10),
              number(v, "intensity", 0.15));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    int tile = whole(v, "tile", spec.geometry().inputTile(), 1);
    if (spec.architecture().outputSize(tile) <= 0) {
      throw new UsageException(
          "--tile " + tile + " does not fit architecture " + spec.architecture().name());
    }
    int batch = whole(v, "batch", 2, 1);
    return new TrainOptions(
        spec,
        data,
        Path.of(OptionValues.required(v, "out", "where to write the trained model")),
        train,
        validate,
        labels,
        tile,
        whole(v, "epochs", 40, 1),
        whole(v, "steps-per-epoch", 0, 0),
        batch,
        number(v, "lr", 1e-3),
        augmentation,
        whole(v, "seed", 2015, 0),
        OptionValues.single(v, "device", "cpu"),
        whole(v, "threads", Runtime.getRuntime().availableProcessors(), 1));
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

  private static int whole(Map<String, List<String>> v, String key, long fallback, int min)
      throws UsageException {
    return OptionValues.atLeast(key, OptionValues.single(v, key, Long.toString(fallback)), min);
  }

  private static double number(Map<String, List<String>> v, String key, double fallback)
      throws UsageException {
    return OptionValues.between(
        key, OptionValues.single(v, key, Double.toString(fallback)), 0, Double.POSITIVE_INFINITY);
  }

  private static int[] integers(Map<String, List<String>> v, String key, int[] fallback)
      throws UsageException {
    String value = OptionValues.single(v, key, null);
    if (value == null) {
      return fallback;
    }
    String[] parts = value.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = OptionValues.atLeast(key, parts[i].strip(), 0);
      if (out[i] > 255) {
        throw new UsageException("--" + key + " value " + out[i] + " is not a gray level 0-255");
      }
    }
    return out;
  }

  private static double[] numbers(Map<String, List<String>> v, String key, double[] fallback)
      throws UsageException {
    String value = OptionValues.single(v, key, null);
    if (value == null) {
      return fallback;
    }
    String[] parts = value.split(",");
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
