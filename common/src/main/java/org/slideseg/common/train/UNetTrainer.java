package org.slideseg.common.train;

import static java.nio.charset.StandardCharsets.UTF_8;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slideseg.common.model.ModelFormat;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.unet.NpzWeights;
import org.slideseg.common.unet.UNetBlock;

/**
 * Trains a U-Net with DJL's training API: He-initialised weights, Adam with a cosine-decayed
 * learning rate, the weighted pixel loss on augmented windows, and after every epoch a validation
 * by overlap-tile segmentation. After every epoch it writes {@code weights.npz}, {@code model.json}
 * and {@code training.json} to the output directory, each replaced whole, so an interrupted run
 * leaves the last finished epoch's model.
 */
public final class UNetTrainer {
  public static final String WEIGHTS = "weights.npz";

  private final TrainSettings settings;
  private final Progress progress;

  /** Receives each step's loss and each epoch's result, to display progress. */
  public interface Progress {
    void step(int epoch, int step, double loss);

    void epoch(EpochResult result);
  }

  public UNetTrainer(TrainSettings settings, Progress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Trains on {@code train}, validating on {@code validation}; returns every epoch's figures. */
  public List<EpochResult> train(
      List<LabelledImage> train, List<LabelledImage> validation, Path out) throws IOException {
    ModelSpec spec = outputSpec();
    int steps = settings.stepsPerEpochOver(train);
    Files.createDirectories(out);
    Engine.getEngine("PyTorch").setRandomSeed((int) settings.seed());
    UNetBlock block = spec.architecture().build(spec.inputChannels(), spec.outputChannels());
    block.setInitializer(
        new XavierInitializer(
            XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
        Parameter.Type.WEIGHT);
    Device device = settings.device().toDjl();
    Model model = Model.newInstance(spec.name(), device, "PyTorch");
    model.setBlock(block);
    try (SegmentationModel inference = SegmentationModel.of(spec, model);
        Trainer trainer = model.newTrainer(config(device, steps))) {
      trainer.initialize(
          new Shape(settings.batch(), spec.inputChannels(), settings.tile(), settings.tile()));
      WindowSampler sampler =
          new WindowSampler(
              train,
              settings.tile(),
              settings.outputTile(),
              spec.inputChannels(),
              spec.normalize(),
              settings.augmentation(),
              settings.seed());
      Validation validate = new Validation(validation);
      List<EpochResult> history = new ArrayList<>();
      long start = System.nanoTime();
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        double loss = 0;
        for (int step = 1; step <= steps; step++) {
          double l = step(trainer, sampler);
          loss += l;
          progress.step(epoch, step, l);
        }
        ValidationScore score = validate.score(inference, 4, settings.tta());
        history.add(new EpochResult(epoch, loss / steps, score, (System.nanoTime() - start) / 1e9));
        save(block, spec, TrainingReport.json(settings, steps, history), out);
        progress.epoch(history.get(history.size() - 1));
      }
      return history;
    }
  }

  /** The spec written with the weights: the template, pointing at weights.npz. */
  private ModelSpec outputSpec() {
    return settings.spec().withWeights(ModelFormat.NPZ, WEIGHTS);
  }

  private DefaultTrainingConfig config(Device device, int stepsPerEpoch) {
    int steps = settings.epochs() * stepsPerEpoch;
    Tracker rate =
        Tracker.cosine()
            .setBaseValue((float) settings.learningRate())
            .optFinalValue(0f)
            .setMaxUpdates(steps)
            .build();
    return new DefaultTrainingConfig(new PixelLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build())
        .optDevices(new Device[] {device});
  }

  /** One optimiser step on a fresh batch; every tensor of the step is freed with its manager. */
  private double step(Trainer trainer, WindowSampler sampler) {
    int b = settings.batch();
    int c = settings.spec().inputChannels();
    int in = settings.tile();
    int out = settings.outputTile();
    float[] x = new float[b * c * in * in];
    float[] classes = new float[b * out * out];
    float[] weights = new float[b * out * out];
    for (int i = 0; i < b; i++) {
      TrainingWindow w = sampler.next();
      System.arraycopy(w.input(), 0, x, i * w.input().length, w.input().length);
      System.arraycopy(w.classes(), 0, classes, i * out * out, out * out);
      System.arraycopy(w.weights(), 0, weights, i * out * out, out * out);
    }
    try (NDManager manager = trainer.getManager().newSubManager()) {
      NDList data = new NDList(manager.create(x, new Shape(b, c, in, in)));
      NDList labels =
          new NDList(
              manager.create(classes, new Shape(b, out, out)),
              manager.create(weights, new Shape(b, out, out)));
      double loss;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList predictions = trainer.forward(data);
        NDArray l = trainer.getLoss().evaluate(labels, predictions);
        collector.backward(l);
        loss = l.getFloat();
      }
      trainer.step();
      return loss;
    }
  }

  private static void save(UNetBlock block, ModelSpec spec, String report, Path out)
      throws IOException {
    replaceWhole(out.resolve(WEIGHTS), o -> NpzWeights.write(block, o));
    replaceWhole(
        out.resolve("model.json"), o -> o.write(ModelSpecJson.toJson(spec).getBytes(UTF_8)));
    replaceWhole(out.resolve("training.json"), o -> o.write(report.getBytes(UTF_8)));
  }

  /** Something that writes a file's content. */
  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes beside {@code file}, then renames over it: readers see the old file or the new one. */
  private static void replaceWhole(Path file, Content content) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream out = Files.newOutputStream(partial)) {
      content.writeTo(out);
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
