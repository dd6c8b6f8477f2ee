package org.slideseg.common.mask;

import java.io.IOException;

/**
 * Puts a pyramid's encoded blocks, given in raster order, into its output (a TIFF, or Zarr chunks):
 * their tiles are copied as they are, and their passed-on rows, one row of blocks at a time, make
 * the levels above. Holds one row of blocks' passed-on rows, a small fraction of the image. Not
 * thread-safe.
 */
public final class BlockStitcher {
  private final PyramidOutput writer;
  private final PyramidBlocks blocks;

  /** Width of the level whose rows blocks pass on. */
  private final int passedWidth;

  private int next;
  private byte[] band;

  public BlockStitcher(PyramidOutput writer, PyramidBlocks blocks) {
    if (writer.levelCount() != blocks.levels()) {
      throw new IllegalArgumentException(
          "the output has " + writer.levelCount() + " levels, the blocks " + blocks.levels());
    }
    this.writer = writer;
    this.blocks = blocks;
    this.passedWidth =
        blocks.passesRows()
            ? TilePyramid.levelSizes(blocks.width(), blocks.height(), blocks.tileSize())
                .get(blocks.builtLevels())[0]
            : 0;
  }

  /**
   * Adds the next block in raster order.
   *
   * @throws IllegalStateException when a block is missing or comes out of order
   */
  public void add(EncodedBlock b) throws IOException {
    if (b.block() != next) {
      throw new IllegalStateException(missing(next) + " (got block " + b.block() + ")");
    }
    for (EncodedBlock.Tile t : b.tiles()) {
      writer.writeTile(t.level(), t.column(), t.row(), t.data());
    }
    if (blocks.passesRows()) {
      addRows(b);
    }
    next++;
  }

  private void addRows(EncodedBlock b) throws IOException {
    int level = blocks.builtLevels();
    int column = b.block() % blocks.across();
    if (column == 0) {
      band = new byte[passedWidth * b.rowCount()];
    }
    int x = blocks.x(b.block()) >> level;
    for (int r = 0; r < b.rowCount(); r++) {
      System.arraycopy(b.rows(), r * b.rowWidth(), band, r * passedWidth + x, b.rowWidth());
    }
    if (column == blocks.across() - 1) {
      writer.rowsFrom(level).addRows(band, 0, passedWidth, b.rowCount());
    }
  }

  /** Fails unless every block came. */
  public void finish() {
    if (next != blocks.count()) {
      throw new IllegalStateException(missing(next));
    }
  }

  private String missing(int block) {
    return "mask block "
        + block
        + " (pixels from "
        + blocks.x(block)
        + ","
        + blocks.y(block)
        + ") has no tiles";
  }
}
