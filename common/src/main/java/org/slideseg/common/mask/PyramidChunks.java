package org.slideseg.common.mask;

import java.io.IOException;
import java.util.List;

/**
 * A pyramid whose tiles are handed to a sink one by one, as soon as each is made: the chunks of a
 * Zarr array, one per tile, full-size and zero-padded at the right and bottom edges as Zarr wants
 * them, or the tiles a TIFF writer appends. Memory: one band of rows per level made from rows. Not
 * thread-safe.
 */
public final class PyramidChunks implements PyramidOutput {
  private final List<int[]> sizes;
  private final int tileSize;
  private final Resampling resampling;
  private final TilePyramid.TileSink sink;
  private TilePyramid fromRows;
  private int fromLevel;

  /** The pyramid of a {@code width x height} image, halved until it fits a tile. */
  public PyramidChunks(
      int width, int height, int tileSize, Resampling resampling, TilePyramid.TileSink sink) {
    this.sizes = TilePyramid.levelSizes(width, height, tileSize);
    this.tileSize = tileSize;
    this.resampling = resampling;
    this.sink = sink;
  }

  @Override
  public int levelCount() {
    return sizes.size();
  }

  @Override
  public void writeTile(int level, int column, int row, byte[] data) throws IOException {
    sink.tile(level, column, row, data);
  }

  @Override
  public TilePyramid rowsFrom(int level) {
    if (fromRows != null && level != fromLevel) {
      throw new IllegalStateException(
          "rows already come from level " + fromLevel + ", not " + level);
    }
    if (fromRows == null) {
      fromLevel = level;
      fromRows =
          new TilePyramid(
              sizes.get(level)[0],
              sizes.get(level)[1],
              tileSize,
              resampling,
              sizes.size() - level,
              (l, column, row, data) -> sink.tile(level + l, column, row, data),
              null);
    }
    return fromRows;
  }

  /** Fails if the levels made from rows are missing rows. */
  public void finish() {
    if (fromRows != null) {
      fromRows.finish();
    }
  }
}
