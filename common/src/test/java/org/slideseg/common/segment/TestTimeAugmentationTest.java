package org.slideseg.common.segment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.model.LabelBatch;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.PredictionMode;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.model.WindowBatch;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.slide.TestImages;
import org.slideseg.common.tiling.MirrorPadding;

/**
 * Test-time augmentation against PyTorch (Debian's python3-torch, oneDNN off): the bundled
 * TorchScript on one window and its three mirrors, softmax, mirrored back, averaged; our labels and
 * probability bytes from the same window in one batched call.
 */
class TestTimeAugmentationTest {
  @TempDir Path dir;

  @Test
  void mirroredCopiesAreAveragedAsPyTorchAveragesThem() throws Exception {
    BufferedImage em;
    try (var in = getClass().getResourceAsStream("/isbi2012/image-22.png")) {
      em = ImageIO.read(in);
    }
    PixelRegion window;
    try (SlideReader reader = SlideReaders.inMemory("em", PixelRegion.of(em, 1))) {
      window = MirrorPadding.read(reader, RegionRequest.of(0, -30, -30, 572, 572));
    }
    ModelSpec spec = BundledModel.spec();
    LabelBatch ours;
    try (SegmentationModel model = BundledModel.load(spec);
        Predictor<WindowBatch, LabelBatch> predictor =
            model.newPredictor(new PredictionMode(true, true))) {
      ours = predictor.predict(WindowBatch.of(List.of(window), 1));
    }
    Path input = Files.write(dir.resolve("input.raw"), window.pixels());
    Path labels = Files.write(dir.resolve("labels.raw"), ours.labels());
    Path probabilities = Files.write(dir.resolve("probabilities.raw"), ours.probabilities());
    TestImages.run(
        "/usr/bin/python3",
        "-c",
        """
        import sys, numpy as np, torch
        torch.backends.mkldnn.enabled = False
        model = torch.jit.load(sys.argv[1]).eval()
        v = np.fromfile(sys.argv[2], np.uint8).reshape(1, 1, 572, 572).astype(np.float32)
        x = torch.from_numpy((v / 255 - 0.5) / 0.25)
        with torch.no_grad():
            p = torch.softmax(model(torch.cat([x, x.flip(3), x.flip(2), x.flip(2, 3)])), 1)
        mean = (p[0:1] + p[1:2].flip(3) + p[2:3].flip(2) + p[3:4].flip(2, 3)) / 4
        mean = mean[0].numpy()
        labels = np.fromfile(sys.argv[3], np.uint8).reshape(388, 388)
        ours = np.fromfile(sys.argv[4], np.uint8).reshape(2, 388, 388).astype(int)
        clear = np.abs(mean[1] - mean[0]) > 1e-3
        wrong = int(((labels == 1) != (mean[1] > mean[0]))[clear].sum())
        off = int(np.abs(ours - np.floor(mean * 255 + 0.5)).max())
        with open(sys.argv[5], 'w') as f:
            f.write(f'{wrong} {off} {int(clear.sum())} {float((mean[1] > mean[0]).mean()):.3f}')
        """,
        BundledModel.DIR.resolve(spec.file()).toString(),
        input.toString(),
        labels.toString(),
        probabilities.toString(),
        dir.resolve("report.txt").toString());
    String[] report = Files.readString(dir.resolve("report.txt")).split(" ");
    assertThat(Integer.parseInt(report[0])).as("labels unlike PyTorch's").isZero();
    assertThat(Integer.parseInt(report[1])).as("largest probability byte difference").isLessThan(2);
    assertThat(Integer.parseInt(report[2]))
        .as("pixels compared")
        .isGreaterThan(388 * 388 * 99 / 100);
    assertThat(Double.parseDouble(report[3])).as("membrane share").isBetween(0.05, 0.6);
  }
}
