package org.slideseg.common.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SampleWindow;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.slide.TestImages;

/**
 * Training reads its images through the model's sample window as segmentation reads slides: an
 * 8-bit PNG and the same picture as a 16-bit TIFF give the same training pixels, and those of the
 * slide reader.
 */
class TrainingSamplesTest {
  @TempDir Path dir;

  @Test
  void trainingAndSegmentationSeeTheSamePixelsWhateverTheBitDepth() throws Exception {
    BufferedImage picture = new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 300; x++) {
        picture.getRaster().setSample(x, y, 0, (x * 3 + y * 5 + x * y / 50) % 256);
      }
    }
    Path png = dir.resolve("image.png");
    ImageIO.write(picture, "png", png.toFile());
    Path label = dir.resolve("label.png");
    ImageIO.write(new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY), "png", label.toFile());
    Path sixteen = dir.resolve("image16.tif");
    TestImages.run("vips", "linear", png.toString(), dir.resolve("s.v").toString(), "257", "0");
    TestImages.run(
        "vips", "cast", dir.resolve("s.v").toString(), dir.resolve("c.v").toString(), "ushort");
    TestImages.run("vips", "tiffsave", dir.resolve("c.v").toString(), sixteen.toString(), "--tile");
    SampleWindow window = SampleWindow.percentiles(10, 80);
    var images = new LabelledImages(new int[] {0, 1}, new double[] {1, 1}, 0, 0, 5);
    Configuration conf = new Configuration();
    PixelRegion fromPng = images.read(png.toUri(), label.toUri(), 1, window, conf).image();
    PixelRegion fromTiff = images.read(sixteen.toUri(), label.toUri(), 1, window, conf).image();
    assertThat(fromTiff.pixels()).isEqualTo(fromPng.pixels());
    try (SlideReader slide = SlideReaders.open(sixteen.toUri(), window, conf)) {
      assertThat(slide.readRegion(RegionRequest.of(0, 0, 0, 300, 200)).pixels())
          .isEqualTo(fromPng.pixels());
    }
    assertThat(fromPng.pixels()).isNotEqualTo(PixelRegion.of(picture, 1).pixels());
  }
}
