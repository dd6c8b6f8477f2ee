package org.slideseg.common.train;

import ai.djl.inference.Predictor;
import java.io.IOException;
import java.util.List;
import org.slideseg.common.model.LabelBatch;
import org.slideseg.common.model.PredictionMode;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.model.WindowBatch;
import org.slideseg.common.segment.MaskTile;
import org.slideseg.common.segment.SegmentTimes;
import org.slideseg.common.segment.WindowSegmenter;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.common.tiling.Window;

/**
 * Segments validation images exactly as {@code segment} does (overlap tiles, mirror padding, the
 * spec's window) and scores the result against their labels.
 */
final class Validation {
  private final List<LabelledImage> images;

  Validation(List<LabelledImage> images) {
    this.images = List.copyOf(images);
  }

  /** The score of {@code model}'s labels, with test-time augmentation where {@code tta}. */
  ValidationScore score(SegmentationModel model, int batch, boolean tta) throws IOException {
    ValidationScore.Counter counter = new ValidationScore.Counter(model.spec().classes().size());
    try (Predictor<WindowBatch, LabelBatch> predictor =
        model.newPredictor(new PredictionMode(false, tta))) {
      for (LabelledImage image : images) {
        byte[] predicted = segment(image, model, predictor, batch);
        counter.add(predicted, 0, image.labels(), 0, predicted.length);
      }
    }
    return counter.score();
  }

  private static byte[] segment(
      LabelledImage image,
      SegmentationModel model,
      Predictor<WindowBatch, LabelBatch> predictor,
      int batch)
      throws IOException {
    int w = image.width();
    byte[] labels = new byte[w * image.height()];
    TilePlan plan = new TilePlan(w, image.height(), model.spec().geometry());
    try (SlideReader reader = SlideReaders.inMemory(image.name(), image.image())) {
      WindowSegmenter segmenter =
          new WindowSegmenter(reader, 0, model.spec(), predictor, SegmentTimes.NONE);
      for (int from = 0; from < plan.size(); from += batch) {
        for (MaskTile tile :
            segmenter.segment(plan.windows(from, Math.min(plan.size(), from + batch)))) {
          Window win = tile.window();
          for (int row = 0; row < win.height(); row++) {
            System.arraycopy(
                tile.labels(),
                row * win.width(),
                labels,
                (win.y() + row) * w + win.x(),
                win.width());
          }
        }
      }
    }
    return labels;
  }
}
