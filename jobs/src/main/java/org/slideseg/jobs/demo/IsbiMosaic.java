package org.slideseg.jobs.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.slideseg.common.mask.PyramidTiffWriter;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.mask.TiffMetadata;
import org.slideseg.common.slide.PixelRegion;

/**
 * A large EM mosaic made of the bundled ISBI 2012 slices 20-24 (which the bundled model never saw
 * in training), and the same mosaic of their labels. Cells alternate mirror images, so that
 * neighbouring cells meet at mirrored seams. Rows are generated on demand: the mosaic is never held
 * in memory.
 */
public final class IsbiMosaic {
  static final int[] SLICES = {20, 21, 22, 23, 24};
  private static final int CELL = 512;
  private static final String RESOURCES = "/org/slideseg/jobs/demo/isbi2012/";

  private final int width;
  private final int height;
  private final byte[][] images = new byte[SLICES.length][];
  private final byte[][] membranes = new byte[SLICES.length][];

  public IsbiMosaic(int width, int height) throws IOException {
    this.width = width;
    this.height = height;
    for (int i = 0; i < SLICES.length; i++) {
      images[i] = load("image/" + SLICES[i] + ".png");
      byte[] label = load("label/" + SLICES[i] + ".png");
      membranes[i] = new byte[label.length];
      for (int p = 0; p < label.length; p++) {
        membranes[i][p] = (byte) ((label[p] & 0xff) < 128 ? 1 : 0); // 0 = membrane in the PNG
      }
    }
  }

  private static byte[] load(String name) throws IOException {
    try (InputStream in = IsbiMosaic.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException(
            "bundled demo image " + RESOURCES + name + " is missing from the jar");
      }
      BufferedImage image = ImageIO.read(in);
      return PixelRegion.of(image, 1).pixels();
    }
  }

  /** Writes the mosaic as a tiled, pyramidal BigTIFF. */
  public void writeSlide(Path file) throws IOException {
    byte[] row = new byte[width];
    try (var writer =
        new PyramidTiffWriter(
            file,
            width,
            height,
            256,
            Resampling.MEAN,
            new TiffMetadata(
                "ISBI 2012 EM slices 20-24 mosaic (slideseg demo)", Double.NaN, List.of()))) {
      for (int y = 0; y < height; y++) {
        fillRow(images, y, row);
        writer.writeRows(row, 1);
      }
    }
  }

  /** Class labels of mosaic row {@code y} (0 cell, 1 membrane) into {@code row}. */
  public void labelRow(int y, byte[] row) {
    fillRow(membranes, y, row);
  }

  private void fillRow(byte[][] cells, int y, byte[] row) {
    int r = y / CELL;
    int ly = r % 2 == 0 ? y % CELL : CELL - 1 - y % CELL;
    for (int x = 0; x < width; x++) {
      int c = x / CELL;
      int lx = c % 2 == 0 ? x % CELL : CELL - 1 - x % CELL;
      row[x] = cells[(3 * r + c) % SLICES.length][ly * CELL + lx];
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }
}
