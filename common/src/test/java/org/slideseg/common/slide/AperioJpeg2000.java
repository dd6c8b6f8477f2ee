package org.slideseg.common.slide;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriter;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a one-level Aperio SVS whose tiles are lossless JPEG 2000 codestreams, as Aperio's 33003
 * (YCbCr components, no codestream colour transform) or 33005 (RGB): no tool on this machine writes
 * them, and OpenSlide reads them with OpenJPEG, an independent reference for our decoder.
 */
final class AperioJpeg2000 {
  static final int YCBCR = 33003;
  static final int RGB = 33005;
  private static final int TILE = 128;

  private AperioJpeg2000() {}

  static Path write(BufferedImage image, int compression, Path file) throws IOException {
    int w = image.getWidth();
    int h = image.getHeight();
    List<byte[]> tiles = new ArrayList<>();
    for (int ty = 0; ty < h; ty += TILE) {
      for (int tx = 0; tx < w; tx += TILE) {
        tiles.add(codestream(tile(image, tx, ty, compression == YCBCR)));
      }
    }
    byte[] description =
        ("Aperio Image Library vTEST \r\n"
                + w
                + "x"
                + h
                + " ("
                + TILE
                + "x"
                + TILE
                + ") J2K|AppMag = 20|MPP = 0.5\0")
            .getBytes(StandardCharsets.US_ASCII);
    int entries = 13;
    int ifd = 8;
    int data = ifd + 2 + entries * 12 + 4;
    int bitsAt = data;
    int descriptionAt = bitsAt + 6;
    int offsetsAt = descriptionAt + description.length;
    int countsAt = offsetsAt + 4 * tiles.size();
    int tilesAt = countsAt + 4 * tiles.size();
    int size = tilesAt + tiles.stream().mapToInt(t -> t.length).sum();
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
    b.putShort((short) entries);
    entry(b, 256, 4, 1, w);
    entry(b, 257, 4, 1, h);
    entry(b, 258, 3, 3, bitsAt);
    entry(b, 259, 3, 1, compression);
    entry(b, 262, 3, 1, 2);
    entry(b, 270, 2, description.length, descriptionAt);
    entry(b, 277, 3, 1, 3);
    entry(b, 284, 3, 1, 1);
    entry(b, 322, 3, 1, TILE);
    entry(b, 323, 3, 1, TILE);
    entry(b, 324, 4, tiles.size(), offsetsAt);
    entry(b, 325, 4, tiles.size(), countsAt);
    entry(b, 339, 3, 1, 1);
    b.putInt(0);
    b.putShort((short) 8).putShort((short) 8).putShort((short) 8);
    b.put(description);
    int at = tilesAt;
    for (byte[] t : tiles) {
      b.putInt(at);
      at += t.length;
    }
    tiles.forEach(t -> b.putInt(t.length));
    tiles.forEach(b::put);
    return Files.write(file, b.array());
  }

  private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
    b.putShort((short) tag).putShort((short) type).putInt(count);
    if (type == 3 && count == 1) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt(value);
    }
  }

  /** A full tile, padded with black; its bands YCbCr (JPEG's coefficients) where asked. */
  private static BufferedImage tile(BufferedImage image, int tx, int ty, boolean ycbcr) {
    BufferedImage tile = new BufferedImage(TILE, TILE, BufferedImage.TYPE_3BYTE_BGR);
    var raster = tile.getRaster();
    for (int y = 0; y < TILE && ty + y < image.getHeight(); y++) {
      for (int x = 0; x < TILE && tx + x < image.getWidth(); x++) {
        int rgb = image.getRGB(tx + x, ty + y);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (ycbcr) {
          raster.setPixel(
              x,
              y,
              new int[] {
                clamp(0.299 * r + 0.587 * g + 0.114 * b),
                clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
                clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
              });
        } else {
          raster.setPixel(x, y, new int[] {r, g, b});
        }
      }
    }
    return tile;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** A lossless codestream without the JP2 boxes and without a component transform. */
  private static byte[] codestream(BufferedImage tile) throws IOException {
    J2KImageWriter writer = new J2KImageWriter(new J2KImageWriterSpi());
    J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
    param.setWriteCodeStreamOnly(true);
    param.setLossless(true);
    param.setComponentTransformation(false);
    var bytes = new ByteArrayOutputStream();
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(tile, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
