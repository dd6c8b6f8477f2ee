package org.slideseg.common.mask;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compresses one block of a pyramid ({@link PyramidBlocks}) from its level-0 rows, given top to
 * bottom: the block's share of the work of a {@link PyramidTiffWriter}, done by a task of its own.
 * Not thread-safe.
 */
public final class BlockEncoder {
  private final int block;
  private final TilePyramid pyramid;
  private final List<EncodedBlock.Tile> tiles = new ArrayList<>();
  private final ByteArrayOutputStream rows = new ByteArrayOutputStream();
  private int rowWidth;

  public BlockEncoder(PyramidBlocks blocks, int block, Resampling resampling) {
    this.block = block;
    int tileSize = blocks.tileSize();
    // The block's origin lies on every built level's tile grid: the block side is a tile there.
    int column0 = blocks.x(block) / tileSize;
    int row0 = blocks.y(block) / tileSize;
    this.pyramid =
        new TilePyramid(
            blocks.width(block),
            blocks.height(block),
            tileSize,
            resampling,
            blocks.builtLevels(),
            (level, column, row, data) ->
                tiles.add(
                    new EncodedBlock.Tile(
                        level, (column0 >> level) + column, (row0 >> level) + row, data)),
            blocks.passesRows() ? this::passOn : null);
  }

  private void passOn(byte[] row) {
    rowWidth = row.length;
    rows.writeBytes(row);
  }

  /** See {@link TilePyramid#addRows}: rows of the block, as wide as the block. */
  public void addRows(byte[] pixels, int offset, int stride, int rowCount) throws IOException {
    pyramid.addRows(pixels, offset, stride, rowCount);
  }

  /** The block's tiles and passed-on rows; fails if rows are missing. */
  public EncodedBlock finish() {
    pyramid.finish();
    return new EncodedBlock(block, tiles, rows.toByteArray(), rowWidth);
  }
}
