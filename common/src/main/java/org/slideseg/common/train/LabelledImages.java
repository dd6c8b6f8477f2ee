package org.slideseg.common.train;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SampleWindow;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;

/**
 * Reads an image and its label image (any format slideseg reads; the label image gray, with one
 * gray value per class) into a {@link LabelledImage} with its loss weights.
 *
 * @param labelValues the gray value of each class in label images, by class index
 * @param classWeights loss weight of each class, by class index
 * @param borderWeight the U-Net paper's w0 (0 for none); see {@link BorderWeights}
 * @param borderClass the class of the borders that separate objects
 * @param borderSigma the paper's sigma, in pixels
 */
public record LabelledImages(
    int[] labelValues,
    double[] classWeights,
    double borderWeight,
    int borderClass,
    double borderSigma) {

  public LabelledImages {
    labelValues = labelValues.clone();
    classWeights = classWeights.clone();
    if (classWeights.length != labelValues.length) {
      throw new IllegalArgumentException(
          classWeights.length + " class weights for " + labelValues.length + " classes");
    }
    if (borderClass < 0 || borderClass >= labelValues.length) {
      throw new IllegalArgumentException(
          "border class " + borderClass + " is not one of the " + labelValues.length + " classes");
    }
  }

  /**
   * Reads one pair, the image's samples through the model's {@code samples} window as segmentation
   * reads slides; errors name the file and the problem.
   */
  public LabelledImage read(
      URI image, URI label, int channels, SampleWindow samples, Configuration conf)
      throws IOException {
    PixelRegion stored = readAll(image, samples, conf);
    if (!PixelRegion.convertible(stored.channels(), channels)) {
      throw new IOException(
          image + ": it has " + stored.channels() + " channels, and the model takes " + channels);
    }
    PixelRegion pixels = stored.toChannels(channels);
    PixelRegion labelPixels = readAll(label, SampleWindow.FULL_RANGE, conf);
    if (labelPixels.width() != pixels.width() || labelPixels.height() != pixels.height()) {
      throw new IOException(
          label
              + ": labels are "
              + labelPixels.width()
              + " x "
              + labelPixels.height()
              + " but image "
              + image
              + " is "
              + pixels.width()
              + " x "
              + pixels.height());
    }
    if (labelPixels.channels() != 1) {
      throw new IOException(label + ": a label image must be gray, one value per class");
    }
    byte[] classes = classes(labelPixels, label);
    float[] weights =
        borderWeight > 0
            ? BorderWeights.of(
                classes, pixels.width(), pixels.height(), borderClass, borderWeight, borderSigma)
            : new float[classes.length];
    for (int p = 0; p < classes.length; p++) {
      weights[p] += (float) classWeights[classes[p] & 0xff];
    }
    return new LabelledImage(image.toString(), pixels, classes, weights);
  }

  private byte[] classes(PixelRegion labels, URI source) throws IOException {
    int[] classOf = new int[256];
    Arrays.fill(classOf, -1);
    for (int c = 0; c < labelValues.length; c++) {
      classOf[labelValues[c]] = c;
    }
    byte[] out = new byte[labels.width() * labels.height()];
    for (int p = 0; p < out.length; p++) {
      int value = labels.pixels()[p] & 0xff;
      if (classOf[value] < 0) {
        throw new IOException(
            source
                + ": pixel ("
                + p % labels.width()
                + ", "
                + p / labels.width()
                + ") has gray value "
                + value
                + ", which is not a class value "
                + Arrays.toString(labelValues));
      }
      out[p] = (byte) classOf[value];
    }
    return out;
  }

  private static PixelRegion readAll(URI uri, SampleWindow samples, Configuration conf)
      throws IOException {
    try (SlideReader reader = SlideReaders.open(uri, samples, conf)) {
      var level = reader.pyramid().level(0);
      return reader.readRegion(RegionRequest.of(0, 0, 0, level.width(), level.height()));
    }
  }
}
