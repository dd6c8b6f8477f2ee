package org.slideseg.common.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Our PNG codec against ImageIO's, the independent reference, both ways. */
class MaskPngTest {
  private static final int W = 97;
  private static final int H = 61;

  @Test
  void imageIoReadsWhatWeWrite() throws Exception {
    byte[] labels = labels();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(MaskPng.encode(labels, W, H)));
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    assertThat(((DataBufferByte) image.getRaster().getDataBuffer()).getData()).isEqualTo(labels);
  }

  @Test
  void weReadWhatImageIoWritesWithItsRowFilters() throws Exception {
    byte[] labels = labels(W, H);
    assertThat(MaskPng.decode(imageIoPng(labels, W, H), W, H)).isEqualTo(labels);
  }

  @Test
  void oneDecoderReadsTilesOfOtherSizesInTurn() throws Exception {
    var decoder = new MaskPng.Decoder();
    int[][] sizes = {{W, H}, {W - 30, H - 20}, {W + 5, H}, {W - 60, H + 9}};
    for (int[] size : sizes) {
      int w = size[0];
      int h = size[1];
      byte[] labels = labels(w, h);
      byte[] decoded = decoder.decode(imageIoPng(labels, w, h), w, h);
      assertThat(Arrays.copyOf(decoded, w * h)).as("%d x %d", w, h).isEqualTo(labels);
    }
  }

  @Test
  void refusesAnotherSizeOrKind() throws Exception {
    byte[] png = MaskPng.encode(labels(), W, H);
    assertThatThrownBy(() -> MaskPng.decode(png, W, H + 1))
        .hasMessageContaining("is 97 x 61, expected 97 x 62");
    BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    var out = new ByteArrayOutputStream();
    ImageIO.write(rgb, "png", out);
    assertThatThrownBy(() -> MaskPng.decode(out.toByteArray(), 4, 4))
        .hasMessageContaining("not an 8-bit grayscale PNG");
    assertThatThrownBy(() -> MaskPng.decode(Arrays.copyOf(png, png.length / 2), W, H))
        .hasMessageContaining("mask tile PNG");
  }

  private static byte[] labels() {
    return labels(W, H);
  }

  /** Class labels with edges in every direction and some noise, so every filter is used. */
  private static byte[] labels(int width, int height) {
    Random random = new Random(3 + width);
    byte[] out = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int smooth = (x * x + 3 * y * y) / 300 % 4;
        out[y * width + x] = (byte) (random.nextInt(10) == 0 ? random.nextInt(256) : smooth * 60);
      }
    }
    return out;
  }

  /** The labels as ImageIO writes them, with its row filters. */
  private static byte[] imageIoPng(byte[] labels, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    System.arraycopy(
        labels,
        0,
        ((DataBufferByte) image.getRaster().getDataBuffer()).getData(),
        0,
        labels.length);
    var png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }
}
