package org.slideseg.common.train;

import java.util.List;
import java.util.SplittableRandom;
import org.slideseg.common.model.Normalization;
import org.slideseg.common.slide.PixelRegion;

/**
 * Cuts random training windows from labelled images, as inference sees them: an input square of
 * {@code inputSize} whose centred {@code outputSize} square has labels, anywhere over the image
 * mirrored at its edges (reflect-101, like {@code MirrorPadding}), so border windows are trained
 * too. Rotation, flip and elastic deformation are one coordinate mapping; images are sampled
 * bilinearly, labels and weights at the nearest pixel. Not thread-safe (one random stream).
 */
final class WindowSampler {
  private final List<LabelledImage> images;
  private final int inputSize;
  private final int outputSize;
  private final int channels;
  private final Normalization normalization;
  private final Augmentation augmentation;
  private final SplittableRandom random;

  WindowSampler(
      List<LabelledImage> images,
      int inputSize,
      int outputSize,
      int channels,
      Normalization normalization,
      Augmentation augmentation,
      long seed) {
    this.images = List.copyOf(images);
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.channels = channels;
    this.normalization = normalization;
    this.augmentation = augmentation;
    this.random = new SplittableRandom(seed);
  }

  TrainingWindow next() {
    LabelledImage image = images.get(random.nextInt(images.size()));
    int margin = (inputSize - outputSize) / 2;
    // The output square lies anywhere over the image; its context may extend past the edges.
    int left = random.nextInt(Math.max(1, image.width() - outputSize + 1)) - margin;
    int top = random.nextInt(Math.max(1, image.height() - outputSize + 1)) - margin;
    int rotation = random.nextInt(4);
    boolean flip = random.nextBoolean();
    ElasticField elastic =
        random.nextDouble() < augmentation.elasticProbability()
            ? new ElasticField(inputSize, augmentation.elasticSigma(), random)
            : null;
    double contrast = 1 + (2 * random.nextDouble() - 1) * augmentation.intensity();
    double brightness = (2 * random.nextDouble() - 1) * augmentation.intensity() / 2;

    float[] input = new float[channels * inputSize * inputSize];
    float[] classes = new float[outputSize * outputSize];
    float[] weights = new float[outputSize * outputSize];
    PixelRegion pixels = image.image().toChannels(channels);
    int plane = inputSize * inputSize;
    for (int v = 0; v < inputSize; v++) {
      for (int u = 0; u < inputSize; u++) {
        // Rotate and flip the window about its centre, then displace.
        int ru = u;
        int rv = v;
        for (int r = 0; r < rotation; r++) {
          int t = ru;
          ru = inputSize - 1 - rv;
          rv = t;
        }
        if (flip) {
          ru = inputSize - 1 - ru;
        }
        double sx = ru + (elastic == null ? 0 : elastic.dx(u, v)) + left;
        double sy = rv + (elastic == null ? 0 : elastic.dy(u, v)) + top;
        for (int c = 0; c < channels; c++) {
          double value = bilinear(pixels, sx, sy, c) / 255.0 * contrast + brightness;
          input[c * plane + v * inputSize + u] =
              (float)
                  ((value * 255 * normalization.scale() - normalization.mean(c))
                      / normalization.std(c));
        }
        int ou = u - margin;
        int ov = v - margin;
        if (ou >= 0 && ov >= 0 && ou < outputSize && ov < outputSize) {
          int p =
              reflect((int) Math.round(sy), image.height()) * image.width()
                  + reflect((int) Math.round(sx), image.width());
          classes[ov * outputSize + ou] = image.labels()[p] & 0xff;
          weights[ov * outputSize + ou] = image.weights()[p];
        }
      }
    }
    return new TrainingWindow(input, classes, weights);
  }

  private static double bilinear(PixelRegion image, double x, double y, int c) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    int w = image.width();
    int h = image.height();
    int xa = reflect(x0, w);
    int xb = reflect(x0 + 1, w);
    int ya = reflect(y0, h);
    int yb = reflect(y0 + 1, h);
    double top = image.sample(xa, ya, c) * (1 - fx) + image.sample(xb, ya, c) * fx;
    double bottom = image.sample(xa, yb, c) * (1 - fx) + image.sample(xb, yb, c) * fx;
    return top * (1 - fy) + bottom * fy;
  }

  /** Reflect-101 index into [0, n): ... 2 1 | 0 1 2 ... n-1 | n-2 ... */
  static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }
}
