package org.slideseg.common.mask;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slideseg.common.zlib.Deflate;

/**
 * Builds the Deflate-compressed tiles of pyramid levels from an image's rows, given top to bottom,
 * and hands each tile over as soon as it is complete. Each level halves the one below (see {@link
 * Resampling}); rows of the level after the last built go to an optional row sink, so that another
 * pyramid can go on from there.
 *
 * <p>The image may be one block of a larger one: when its origin lies on the grid of {@code
 * tileSize << (levels - 1)} pixels (and of twice that where rows go on), its tiles and the rows it
 * passes on are exactly those of the larger image over that block.
 *
 * <p>Memory: one band of {@code tileSize} rows per level, never the image. Not thread-safe.
 */
public final class TilePyramid {
  /** Receives a compressed tile: {@code column}, {@code row} count tiles of its level. */
  public interface TileSink {
    void tile(int level, int column, int row, byte[] data) throws IOException;
  }

  /** Receives the rows of the level after the last one built, each {@code row.length} wide. */
  public interface RowSink {
    void row(byte[] row) throws IOException;
  }

  private final int tileSize;
  private final Resampling resampling;
  private final List<Level> levels = new ArrayList<>();
  private final TileSink tiles;
  private final RowSink beyond;
  private final byte[] tile;

  /**
   * @param levels how many levels to build, the first of {@code width x height}
   * @param beyond receives the rows of level {@code levels}, or null where no level follows
   */
  public TilePyramid(
      int width,
      int height,
      int tileSize,
      Resampling resampling,
      int levels,
      TileSink tiles,
      RowSink beyond) {
    checkTileSize(tileSize);
    this.tileSize = tileSize;
    this.resampling = resampling;
    this.tiles = tiles;
    this.beyond = beyond;
    int w = width;
    int h = height;
    for (int i = 0; i < levels + (beyond == null ? 0 : 1); i++) {
      this.levels.add(new Level(i, w, h, i < levels));
      w = (w + 1) / 2;
      h = (h + 1) / 2;
    }
    this.tile = new byte[tileSize * tileSize];
  }

  /** Sizes of the levels of a pyramid that halves {@code width x height} until it fits a tile. */
  public static List<int[]> levelSizes(int width, int height, int tileSize) {
    checkTileSize(tileSize);
    List<int[]> sizes = new ArrayList<>();
    sizes.add(new int[] {width, height});
    while (width > tileSize || height > tileSize) {
      width = (width + 1) / 2;
      height = (height + 1) / 2;
      sizes.add(new int[] {width, height});
    }
    return sizes;
  }

  private static void checkTileSize(int tileSize) {
    if (tileSize <= 0 || tileSize % 16 != 0) {
      throw new IllegalArgumentException(
          "tile size " + tileSize + " must be a positive multiple of 16");
    }
  }

  /**
   * Adds {@code rowCount} rows of the first level, each {@code stride} bytes apart in {@code rows}
   * from {@code offset}, of which the first level's width are pixels.
   *
   * @throws IllegalArgumentException when more rows arrive than the level has
   */
  public void addRows(byte[] rows, int offset, int stride, int rowCount) throws IOException {
    for (int r = 0; r < rowCount; r++) {
      addRow(0, rows, offset + r * stride);
    }
  }

  /** Fails if rows are missing. */
  public void finish() {
    Level first = levels.get(0);
    if (first.rowsReceived != first.height) {
      throw new IllegalStateException(
          "mask incomplete: received " + first.rowsReceived + " of " + first.height + " rows");
    }
  }

  private void addRow(int index, byte[] src, int offset) throws IOException {
    Level level = levels.get(index);
    if (level.rowsReceived >= level.height) {
      throw new IllegalArgumentException(
          "level " + index + " already has all of its " + level.height + " rows");
    }
    level.rowsReceived++;
    if (!level.built) {
      beyond.row(Arrays.copyOfRange(src, offset, offset + level.width));
      return;
    }
    System.arraycopy(src, offset, level.band, level.bandRows * level.width, level.width);
    level.bandRows++;
    if (level.bandRows == tileSize || level.rowsReceived == level.height) {
      flushBand(level);
    }
  }

  private void flushBand(Level level) throws IOException {
    int row = (level.rowsReceived - 1) / tileSize;
    for (int tx = 0; tx < level.tilesAcross(); tx++) {
      tiles.tile(level.index, tx, row, compress(level, tx));
    }
    if (level.index + 1 < levels.size()) {
      byte[] next = new byte[levels.get(level.index + 1).width];
      for (int r = 0; r < level.bandRows; r += 2) {
        downsampleRow(level, r, next);
        addRow(level.index + 1, next, 0);
      }
    }
    level.bandRows = 0;
  }

  /** Tile {@code tx} of the level's band, compressed. */
  private byte[] compress(Level level, int tx) {
    Arrays.fill(tile, (byte) 0);
    int x0 = tx * tileSize;
    int w = Math.min(tileSize, level.width - x0);
    for (int r = 0; r < level.bandRows; r++) {
      System.arraycopy(level.band, r * level.width + x0, tile, r * tileSize, w);
    }
    return Deflate.compress(tile);
  }

  private void downsampleRow(Level level, int r, byte[] row) {
    boolean second = r + 1 < level.bandRows;
    byte[] band = level.band;
    for (int x = 0; x < row.length; x++) {
      int a = r * level.width + 2 * x;
      if (resampling == Resampling.NEAREST) {
        row[x] = band[a];
        continue;
      }
      boolean right = 2 * x + 1 < level.width;
      int sum = band[a] & 0xff;
      int n = 1;
      if (right) {
        sum += band[a + 1] & 0xff;
        n++;
      }
      if (second) {
        sum += band[a + level.width] & 0xff;
        n++;
        if (right) {
          sum += band[a + level.width + 1] & 0xff;
          n++;
        }
      }
      row[x] = (byte) ((sum + n / 2) / n);
    }
  }

  /** One level: its current band, or only a row count where its rows are passed on. */
  private final class Level {
    final int index;
    final int width;
    final int height;
    final boolean built;
    final byte[] band;
    int bandRows;
    int rowsReceived;

    Level(int index, int width, int height, boolean built) {
      this.index = index;
      this.width = width;
      this.height = height;
      this.built = built;
      this.band = built ? new byte[tileSize * width] : null;
    }

    int tilesAcross() {
      return (width + tileSize - 1) / tileSize;
    }
  }
}
