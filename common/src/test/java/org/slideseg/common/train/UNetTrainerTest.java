package org.slideseg.common.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.slide.PixelRegion;

/** Real DJL training of a small same-padded U-Net on a task it can learn in a few dozen steps. */
class UNetTrainerTest {
  @TempDir Path out;

  private static final String SPEC =
      """
      {"name": "blobs", "format": "npz", "file": "weights.npz",
       "architecture": {"name": "unet-bn", "base": 4, "upsampling": "bilinear"},
       "inputChannels": 1, "inputTile": 64, "outputTile": 64, "halo": 8, "pooling": 16,
       "normalize": {"scale": 0.00392156862745098, "mean": [0.5], "std": [0.25]},
       "activation": "softmax", "classes": ["dark", "bright"], "colors": ["#000000", "#ffffff"]}
      """;

  /** Bright discs on a dark, noisy background; the label is the disc. */
  private static LabelledImage blobs(int seed) {
    int w = 96;
    Random random = new Random(seed);
    byte[] pixels = new byte[w * w];
    byte[] labels = new byte[w * w];
    float[] weights = new float[w * w];
    java.util.Arrays.fill(weights, 1f);
    int[][] discs = new int[6][];
    for (int i = 0; i < discs.length; i++) {
      discs[i] = new int[] {random.nextInt(w), random.nextInt(w), 6 + random.nextInt(10)};
    }
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < w; x++) {
        boolean in = false;
        for (int[] d : discs) {
          in |= (x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) < d[2] * d[2];
        }
        labels[y * w + x] = (byte) (in ? 1 : 0);
        pixels[y * w + x] = (byte) ((in ? 150 : 70) + random.nextInt(40));
      }
    }
    return new LabelledImage("blobs-" + seed, new PixelRegion(w, w, 1, pixels), labels, weights);
  }

  /** Steps per epoch 0 is one pass over the training pixels, in the windows' labelled centres. */
  @Test
  void zeroStepsPerEpochIsOnePassOverTheTrainingPixels() {
    ModelSpec spec = ModelSpecJson.parse(SPEC, "test spec");
    List<LabelledImage> train = List.of(blobs(0), blobs(1), blobs(2));
    long pixels = train.stream().mapToLong(i -> (long) i.width() * i.height()).sum();
    var onePass =
        new TrainSettings(
            spec, 48, 2, 0, 4, 0.01, new Augmentation(0, 4, 0), 1, ComputeDevice.CPU, false);
    long perStep = 4L * onePass.outputTile() * onePass.outputTile();
    assertThat(onePass.stepsPerEpochOver(train))
        .isEqualTo((int) ((pixels + perStep - 1) / perStep))
        .isPositive();
    var given =
        new TrainSettings(
            spec, 48, 2, 12, 4, 0.01, new Augmentation(0, 4, 0), 1, ComputeDevice.CPU, false);
    assertThat(given.stepsPerEpochOver(train)).isEqualTo(12);
  }

  @Test
  void trainingLearnsAndWritesAModelThatSegmentationLoads() throws IOException {
    TorchRuntime.configure(2);
    ModelSpec spec = ModelSpecJson.parse(SPEC, "test spec");
    List<LabelledImage> train = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      train.add(blobs(i));
    }
    List<LabelledImage> validation = List.of(blobs(100));
    TrainSettings settings =
        new TrainSettings(
            spec, 48, 2, 12, 4, 0.01, new Augmentation(0.5, 4, 0.1), 1, ComputeDevice.CPU, false);
    List<Integer> steps = new ArrayList<>();
    UNetTrainer.Progress progress =
        new UNetTrainer.Progress() {
          @Override
          public void step(int epoch, int step, double loss) {
            steps.add(step);
          }

          @Override
          public void epoch(EpochResult result) {}
        };

    List<EpochResult> history = new UNetTrainer(settings, progress).train(train, validation, out);

    assertThat(steps).hasSize(24);
    assertThat(history).hasSize(2);
    assertThat(history.get(1).loss()).isLessThan(history.get(0).loss());
    assertThat(history.get(1).validation().pixelError()).isLessThan(0.1);
    assertThat(Files.readString(out.resolve("training.json"))).contains("\"pixelError\"");
    ModelSpec written =
        ModelSpecJson.parse(Files.readString(out.resolve("model.json")), "written model.json");
    assertThat(written.architecture()).isEqualTo(spec.architecture());
    try (SegmentationModel model =
        SegmentationModel.load(
            written, out.resolve(written.file()), ComputeDevice.CPU, Precision.FP32)) {
      ValidationScore reloaded = new Validation(validation).score(model, 2, false);
      assertThat(reloaded).isEqualTo(history.get(1).validation());
    }
  }
}
