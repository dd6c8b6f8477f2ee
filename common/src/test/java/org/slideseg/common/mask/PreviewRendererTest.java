package org.slideseg.common.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;

class PreviewRendererTest {
  @TempDir Path dir;

  @Test
  void blendsEachClassColourOverTheSlideByItsAlpha() throws Exception {
    ModelSpec spec =
        ModelSpecJson.parse(
            "{\"name\": \"t\", \"format\": \"torchscript\", \"file\": \"m.pt\","
                + " \"inputChannels\": 1, \"inputTile\": 64, \"outputTile\": 48,"
                + " \"normalize\": {\"scale\": 1, \"mean\": [0], \"std\": [1]},"
                + " \"activation\": \"softmax\", \"classes\": [\"a\", \"b\", \"c\"],"
                + " \"colors\": [\"#00000000\", \"#ff2020\", \"#0000ff80\"]}",
            "test");
    Path slide = write("slide.tif", x -> 100);
    Path mask = write("mask.tif", x -> x / 16); // labels 0, 1, 2 in bands of 16 columns
    byte[] png;
    var conf = new Configuration();
    try (SlideReader s = SlideReaders.open(slide.toUri(), conf);
        SlideReader m = SlideReaders.open(mask.toUri(), conf)) {
      png = PreviewRenderer.render(s, 0, m, spec, 48);
    }
    BufferedImage preview = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(preview.getWidth()).isEqualTo(48);
    // Class 0 is transparent; class 1 opaque #ff2020 at 55 %; class 2 #0000ff at 55 % x 128/255.
    assertThat(preview.getRGB(5, 5) & 0xffffff).isEqualTo(0x646464);
    assertThat(preview.getRGB(20, 5) & 0xffffff).isEqualTo(rgb(185, 63, 63));
    double a = 0.55 * 128 / 255;
    int gray = (int) Math.round((1 - a) * 100);
    assertThat(preview.getRGB(40, 5) & 0xffffff)
        .isEqualTo(rgb(gray, gray, (int) Math.round((1 - a) * 100 + a * 255)));
  }

  private Path write(String name, java.util.function.IntUnaryOperator column) throws Exception {
    Path file = dir.resolve(name);
    byte[] rows = new byte[48 * 48];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (byte) column.applyAsInt(i % 48);
    }
    try (var w = new PyramidTiffWriter(file, 48, 48, 16, Resampling.NEAREST, TiffMetadata.NONE)) {
      w.writeRows(rows, 48);
    }
    return file;
  }

  private static int rgb(int r, int g, int b) {
    return (r << 16) | (g << 8) | b;
  }
}
