package org.slideseg.common.mask;

import java.io.IOException;
import java.util.TreeMap;

/**
 * Puts a pyramid's encoded blocks, given in any order, into its TIFF: their tiles are copied as
 * they come, and their passed-on rows make the levels above, one row of blocks at a time once that
 * row and every row above it are complete. So a task stitches blocks as the shuffle delivers them,
 * holding no more than the passed-on rows of the rows of blocks still incomplete, a small fraction
 * of the image (at most the level above the blocks' own). Not thread-safe.
 */
public final class BlockStitcher {
  private final PyramidTiffWriter writer;
  private final PyramidBlocks blocks;

  /** Width of the level whose rows blocks pass on. */
  private final int passedWidth;

  private final boolean[] added;
  private int count;

  /** Passed-on rows of the rows of blocks not yet handed to the writer, by row of blocks. */
  private final TreeMap<Integer, Band> bands = new TreeMap<>();

  private int nextBand;

  public BlockStitcher(PyramidTiffWriter writer, PyramidBlocks blocks) {
    if (writer.levelCount() != blocks.levels()) {
      throw new IllegalArgumentException(
          "the TIFF has " + writer.levelCount() + " levels, the blocks " + blocks.levels());
    }
    this.writer = writer;
    this.blocks = blocks;
    this.added = new boolean[blocks.count()];
    this.passedWidth =
        blocks.passesRows()
            ? TilePyramid.levelSizes(blocks.width(), blocks.height(), blocks.tileSize())
                .get(blocks.builtLevels())[0]
            : 0;
  }

  /**
   * Adds a block.
   *
   * @throws IllegalStateException when the block came before
   */
  public void add(EncodedBlock b) throws IOException {
    if (added[b.block()]) {
      throw new IllegalStateException("mask block " + b.block() + " came twice");
    }
    added[b.block()] = true;
    count++;
    for (EncodedBlock.Tile t : b.tiles()) {
      writer.writeTile(t.level(), t.column(), t.row(), t.data());
    }
    if (blocks.passesRows()) {
      addRows(b);
    }
  }

  private void addRows(EncodedBlock b) throws IOException {
    int row = b.block() / blocks.across();
    Band band = bands.computeIfAbsent(row, r -> new Band(new byte[passedWidth * b.rowCount()]));
    int x = blocks.x(b.block()) >> blocks.builtLevels();
    for (int r = 0; r < b.rowCount(); r++) {
      System.arraycopy(b.rows(), r * b.rowWidth(), band.rows, r * passedWidth + x, b.rowWidth());
    }
    band.blocks++;
    while (bands.containsKey(nextBand) && bands.get(nextBand).blocks == blocks.across()) {
      Band done = bands.remove(nextBand++);
      writer
          .rowsFrom(blocks.builtLevels())
          .addRows(done.rows, 0, passedWidth, done.rows.length / passedWidth);
    }
  }

  /** Fails unless every block came. */
  public void finish() {
    if (count != blocks.count()) {
      int first = 0;
      while (added[first]) {
        first++;
      }
      throw new IllegalStateException(missing(first));
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

  /** The passed-on rows of one row of blocks, and how many of its blocks gave theirs. */
  private static final class Band {
    final byte[] rows;
    int blocks;

    Band(byte[] rows) {
      this.rows = rows;
    }
  }
}
