package org.slideseg.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.SampleWindow;

/**
 * A model.json may declare up to 256 classes; class indices are unsigned bytes everywhere, never
 * the negative numbers Java's signed bytes would make of 128-255.
 */
class ClassIndexAbove127Test {
  @TempDir Path dir;

  @Test
  void scoresClassesAbove127() {
    var counter = new ValidationScore.Counter(200);
    byte[] predicted = {(byte) 150, (byte) 150, 0, (byte) 199};
    byte[] truth = {(byte) 150, 0, 0, (byte) 199};
    counter.add(predicted, 0, truth, 0, 4);
    assertThat(counter.score().pixelError()).isEqualTo(0.25);
  }

  @Test
  void readsLabelImagesWithClassesAbove127() throws Exception {
    int classes = 200;
    int[] values = new int[classes];
    double[] weights = new double[classes];
    for (int c = 0; c < classes; c++) {
      values[c] = c;
      weights[c] = c == 150 ? 3.0 : 1.0;
    }
    BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage label = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
    label.getRaster().setSample(1, 0, 0, 150);
    Path img = dir.resolve("image.png");
    Path lbl = dir.resolve("label.png");
    ImageIO.write(image, "png", img.toFile());
    ImageIO.write(label, "png", lbl.toFile());
    LabelledImage read =
        new LabelledImages(values, weights, 0, 0, 5)
            .read(img.toUri(), lbl.toUri(), 1, SampleWindow.FULL_RANGE, new Configuration());
    assertThat(read.labels()[1] & 0xff).isEqualTo(150);
    assertThat(read.weights()[1]).isEqualTo(3.0f);
  }

  @Test
  void bordersOfAClassAbove127GetTheirWeight() {
    int w = 40;
    byte[] labels = new byte[w * 10];
    for (int y = 0; y < 10; y++) {
      labels[y * w + 20] = (byte) 130;
      labels[y * w + 21] = (byte) 130;
    }
    float[] weights = BorderWeights.of(labels, w, 10, 130, 10, 5);
    assertThat(weights[5 * w + 20]).isCloseTo((float) (10 * Math.exp(-9.0 / 50)), within(1e-4f));
  }

  @Test
  void trainingWindowsCarryClassesAbove127() {
    byte[] labels = new byte[20 * 20];
    java.util.Arrays.fill(labels, (byte) 200);
    var image =
        new LabelledImage(
            "all-200",
            new org.slideseg.common.slide.PixelRegion(20, 20, 1, new byte[400]),
            labels,
            new float[400]);
    var raw = new org.slideseg.common.model.Normalization(1, new double[] {0}, new double[] {1});
    var sampler =
        new WindowSampler(java.util.List.of(image), 10, 10, 1, raw, new Augmentation(0, 0, 0), 1);
    assertThat(sampler.next().classes()).containsOnly(200f);
  }
}
