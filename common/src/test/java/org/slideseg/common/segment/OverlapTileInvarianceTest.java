package org.slideseg.common.segment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slideseg.common.mask.PyramidTiffWriter;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.mask.TiffMetadata;
import org.slideseg.common.model.LabelBatch;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.PredictionMode;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.model.WindowBatch;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.tiling.MirrorPadding;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.common.tiling.WindowGeometry;

/**
 * docs/DESIGN.md's invariance (the pooling-grid rule): for a valid-convolution U-Net, the mask
 * stitched from overlap tiles equals the mask of one pass over the whole mirror-padded image, pixel
 * for pixel; with test-time augmentation too, as every window and the whole image have even sides
 * at every pooling, so a mirrored copy pools the same pairs of pixels as the unmirrored one.
 */
class OverlapTileInvarianceTest {
  // 3 x 3 windows whose kept tiles (160 of 164) do not divide the slide (450 x 400): the last row
  // and
  // column clip.
  private static final WindowGeometry SMALL = new WindowGeometry(348, 164, 0, 16);
  private static final int W = 450;
  private static final int H = 400;

  private static SegmentationModel model;
  private static ModelSpec spec;

  @TempDir static Path dir;

  @BeforeAll
  static void loadModel() throws Exception {
    spec = BundledModel.withGeometry(BundledModel.spec(), SMALL);
    model = BundledModel.load(spec);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @ParameterizedTest(name = "tta {0}")
  @ValueSource(booleans = {false, true})
  void stitchedMaskEqualsOneWholeImagePass(boolean tta) throws Exception {
    Path slide = emSlide();
    try (SlideReader reader = SlideReaders.open(slide.toUri(), new Configuration());
        Predictor<WindowBatch, LabelBatch> predictor =
            model.newPredictor(new PredictionMode(false, tta))) {
      TilePlan plan = new TilePlan(W, H, SMALL);
      assertThat(plan.columns()).isEqualTo(3);
      assertThat(plan.rows()).isEqualTo(3);
      byte[] stitched = new byte[W * H];
      var segmenter = new WindowSegmenter(reader, 0, spec, predictor, SegmentTimes.NONE);
      for (int i = 0; i < plan.size(); i += 4) {
        for (MaskTile t : segmenter.segment(plan.windows(i, Math.min(plan.size(), i + 4)))) {
          for (int r = 0; r < t.window().height(); r++) {
            System.arraycopy(
                t.labels(),
                r * t.window().width(),
                stitched,
                (t.window().y() + r) * W + t.window().x(),
                t.window().width());
          }
        }
      }
      byte[] whole = wholeImagePass(reader, predictor);
      int differing = 0;
      for (int p = 0; p < W * H; p++) {
        differing += stitched[p] != whole[p] ? 1 : 0;
      }
      assertThat(differing).as("pixels that differ").isZero();
      assertThat(MaskFractions.membrane(stitched)).isBetween(0.05, 0.6);
    }
  }

  /** Output sides rounded up to 4 mod 16, input = output + 2 * 92, mirrored beyond the image. */
  private static byte[] wholeImagePass(
      SlideReader reader, Predictor<WindowBatch, LabelBatch> predictor) throws Exception {
    int outW = W + Math.floorMod(4 - W, 16);
    int outH = H + Math.floorMod(4 - H, 16);
    int c = SMALL.context();
    PixelRegion padded =
        MirrorPadding.read(reader, RegionRequest.of(0, -c, -c, outW + 2 * c, outH + 2 * c));
    LabelBatch labels = predictor.predict(WindowBatch.of(List.of(padded), 1));
    assertThat(labels.width()).isEqualTo(outW);
    return labels.crop(0, 0, 0, W, H);
  }

  /** A tiled TIFF of a crop of ISBI slice 22, with tile borders inside the windows. */
  private static Path emSlide() throws Exception {
    BufferedImage em;
    try (var in = OverlapTileInvarianceTest.class.getResourceAsStream("/isbi2012/image-22.png")) {
      em = ImageIO.read(in);
    }
    byte[] pixels = PixelRegion.of(em, 1).pixels();
    Path tiff = dir.resolve("em.tif");
    try (var writer = new PyramidTiffWriter(tiff, W, H, 128, Resampling.MEAN, TiffMetadata.NONE)) {
      byte[] row = new byte[W];
      for (int y = 0; y < H; y++) {
        System.arraycopy(pixels, (y + 40) * 512 + 30, row, 0, W);
        writer.writeRows(row, 1);
      }
    }
    return tiff;
  }

  /** Share of membrane (class 1) pixels, to show the mask is not trivially uniform. */
  static final class MaskFractions {
    static double membrane(byte[] mask) {
      long n = 0;
      for (byte b : mask) {
        n += b == 1 ? 1 : 0;
      }
      return (double) n / mask.length;
    }
  }
}
