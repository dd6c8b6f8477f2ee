package org.slideseg.common.mask;

import java.io.Serializable;
import java.util.List;

/**
 * What one block of a pyramid became ({@link BlockEncoder}): its compressed tiles, placed on their
 * levels' tile grids, and the rows it passes on to the levels above. Immutable by convention: the
 * arrays are not copied.
 *
 * @param rows rows of level {@link PyramidBlocks#builtLevels()} over the block, {@code rowWidth}
 *     bytes each; empty where the blocks build every level
 */
public record EncodedBlock(int block, List<Tile> tiles, byte[] rows, int rowWidth)
    implements Serializable {
  public EncodedBlock {
    tiles = List.copyOf(tiles);
  }

  /** A compressed tile and where it goes. */
  public record Tile(int level, int column, int row, byte[] data) implements Serializable {}

  /** The block without its tiles: its rows only, where the tiles went elsewhere already. */
  public EncodedBlock withoutTiles() {
    return new EncodedBlock(block, List.of(), rows, rowWidth);
  }

  public int rowCount() {
    return rowWidth == 0 ? 0 : rows.length / rowWidth;
  }
}
