package org.slideseg.common.mask;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Mask tiles as 8-bit grayscale PNG, whose values are class labels: lossless, small, viewable. */
public final class MaskPng {
  private MaskPng() {}

  public static byte[] encode(byte[] labels, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(labels, 0, target, 0, width * height);
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding in memory failed", e);
    }
    return out.toByteArray();
  }

  /** Decodes a tile written by {@link #encode}, checking its size. */
  public static byte[] decode(byte[] png, int width, int height) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    if (image == null || image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      throw new IOException("mask tile is not an 8-bit grayscale PNG");
    }
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new IOException(
          "mask tile is "
              + image.getWidth()
              + " x "
              + image.getHeight()
              + ", expected "
              + width
              + " x "
              + height);
    }
    return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
  }

  /** Pixels per class label 0 .. classes - 1. */
  public static long[] classPixels(byte[] labels, int classes) {
    long[] counts = new long[classes];
    for (byte b : labels) {
      int label = b & 0xff;
      if (label >= classes) {
        throw new IllegalArgumentException(
            "label " + label + " is not below the class count " + classes);
      }
      counts[label]++;
    }
    return counts;
  }
}
