package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class JpegDecoderTest {
  private static final int SIDE = 64;

  /** TwelveMonkeys' reader read every JPEG tile before; its pixels are the reference. */
  @Test
  void plainStreamsGoToTheJdksDecoderAndGiveTwelveMonkeysPixels() throws Exception {
    for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR}) {
      byte[] stream = jpeg(new IIOImage(TestImages.pattern(SIDE, SIDE, type), null, null));
      int channels = type == BufferedImage.TYPE_BYTE_GRAY ? 1 : 3;

      assertThat(JpegDecoder.plain(stream)).as("type %d", type).isTrue();
      assertThat(new JpegDecoder("plain.jpg", null).decode(stream, SIDE, SIDE, channels))
          .usingRecursiveComparison()
          .isEqualTo(PixelRegion.of(twelveMonkeys(stream), channels));
    }
  }

  /** The JDK's decoder gives an Adobe CMYK stream's samples unconverted. */
  @Test
  void cmykStreamsGoToTwelveMonkeys() throws Exception {
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, SIDE, SIDE, 4, null);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        cmyk.setPixel(x, y, new int[] {x * 4, y * 4, 0, 30});
      }
    }
    byte[] stream = jpeg(new IIOImage(cmyk, null, null));
    PixelRegion expected = PixelRegion.of(twelveMonkeys(stream), 3);

    assertThat(JpegDecoder.plain(stream)).isFalse();
    assertThat(new JpegDecoder("cmyk.jpg", null).decode(stream, SIDE, SIDE, 3))
        .usingRecursiveComparison()
        .isEqualTo(expected);
    assertThat(PixelRegion.of(jdk(stream), 3))
        .as("the JDK's pixels")
        .usingRecursiveComparison()
        .isNotEqualTo(expected);
  }

  /** An embedded profile (APP2) is TwelveMonkeys' to apply, as a CMYK stream is. */
  @Test
  void streamsWithAnIccProfileGoToTwelveMonkeys() throws Exception {
    BufferedImage rgb = TestImages.pattern(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR);
    byte[] plain = jpeg(new IIOImage(rgb, null, null));
    byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    byte[] name = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer app2 = ByteBuffer.allocate(4 + name.length + 2 + profile.length);
    app2.putShort((short) 0xffe2).putShort((short) (app2.capacity() - 2));
    app2.put(name).put((byte) 1).put((byte) 1).put(profile);
    byte[] stream =
        ByteBuffer.allocate(plain.length + app2.capacity())
            .put(plain, 0, 2) // SOI
            .put(app2.array())
            .put(plain, 2, plain.length - 2)
            .array();

    assertThat(JpegDecoder.plain(plain)).isTrue();
    assertThat(JpegDecoder.plain(stream)).isFalse();
    assertThat(new JpegDecoder("icc.jpg", null).decode(stream, SIDE, SIDE, 3))
        .usingRecursiveComparison()
        .isEqualTo(PixelRegion.of(twelveMonkeys(stream), 3));
  }

  @Test
  void streamsThatCannotBeParsedAreNotPlain() {
    assertThat(JpegDecoder.plain(new byte[] {(byte) 0xff, (byte) 0xd8})).isFalse();
    assertThat(JpegDecoder.plain(new byte[64])).isFalse();
  }

  private static byte[] jpeg(IIOImage image) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, image, null);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static BufferedImage twelveMonkeys(byte[] stream) throws IOException {
    return read(JpegDecoder.registered(r -> r instanceof JPEGImageReader, "TwelveMonkeys"), stream);
  }

  private static BufferedImage jdk(byte[] stream) throws IOException {
    return read(
        JpegDecoder.registered(r -> r.getClass().getModule() == ImageIO.class.getModule(), "JDK"),
        stream);
  }

  private static BufferedImage read(ImageReader reader, byte[] stream) throws IOException {
    try (var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(stream))) {
      reader.setInput(in);
      return reader.read(0);
    } finally {
      reader.dispose();
    }
  }
}
