package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slides on a file system whose reads return one byte at a time, as network streams may: every
 * format is recognised and reads the same pixels as from local disk.
 */
class ShortReadsTest {
  private static final Configuration CONF =
      TestImages.withFileSystem("trickle", TricklingFileSystem.class);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"tif", "png", "jpg"})
  void aSlideReadOneByteAtATimeReadsAsFromLocalDisk(String format) throws Exception {
    BufferedImage picture = TestImages.pattern(300, 200, BufferedImage.TYPE_3BYTE_BGR);
    Path png = TestImages.writePng(picture, dir.resolve("picture.png"));
    Path slide =
        switch (format) {
          case "tif" ->
              TestImages.vipsTiffsave(
                  png, dir.resolve("s.tif"), "--tile", "--compression", "deflate");
          case "jpg" -> {
            Path jpeg = dir.resolve("s.jpg");
            TestImages.run("vips", "copy", png.toString(), jpeg.toString());
            yield jpeg;
          }
          default -> png;
        };
    RegionRequest all = RegionRequest.of(0, 0, 0, 300, 200);
    try (SlideReader local = SlideReaders.open(slide.toUri(), CONF);
        SlideReader trickled =
            SlideReaders.open(URI.create("trickle://" + slide.toUri().getPath()), CONF)) {
      assertThat(trickled.readRegion(all).pixels()).isEqualTo(local.readRegion(all).pixels());
    }
  }
}
