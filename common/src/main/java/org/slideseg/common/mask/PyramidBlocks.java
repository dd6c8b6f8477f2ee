package org.slideseg.common.mask;

import java.util.ArrayList;
import java.util.List;

/**
 * How a pyramid's tiles are shared out among tasks: the image is cut into square blocks of {@code
 * tileSize << (blockLevels - 1)} pixels; each block's task compresses the tiles of the levels that
 * lie within it ({@link #builtLevels}) and passes on the rows of the next level, from which the
 * stitching task makes the few small levels above. Immutable.
 *
 * @param blockLevels levels a block builds itself, 1 or more
 */
public record PyramidBlocks(int width, int height, int tileSize, int blockLevels)
    implements java.io.Serializable {
  /** Blocks of at most 8192 pixels square: 64 Mpx of mask per task, a few MB of buffers. */
  private static final int MOST_BLOCK_LEVELS = 6;

  public PyramidBlocks {
    if (blockLevels < 1 || blockLevels > MOST_BLOCK_LEVELS) {
      throw new IllegalArgumentException(
          "blockLevels " + blockLevels + " must be in 1.." + MOST_BLOCK_LEVELS);
    }
  }

  /** The largest blocks that still make at least {@code minBlocks} of them (or 1-tile blocks). */
  public static PyramidBlocks atLeast(int width, int height, int tileSize, int minBlocks) {
    for (int levels = MOST_BLOCK_LEVELS; levels > 1; levels--) {
      var blocks = new PyramidBlocks(width, height, tileSize, levels);
      if (blocks.count() >= minBlocks) {
        return blocks;
      }
    }
    return new PyramidBlocks(width, height, tileSize, 1);
  }

  /** Side of a block in level-0 pixels. */
  public int side() {
    return tileSize << (blockLevels - 1);
  }

  public int across() {
    return (width + side() - 1) / side();
  }

  public int down() {
    return (height + side() - 1) / side();
  }

  public int count() {
    return across() * down();
  }

  /** Levels of the whole pyramid. */
  public int levels() {
    return TilePyramid.levelSizes(width, height, tileSize).size();
  }

  /** Levels whose tiles blocks compress: all of them where one block covers the image. */
  public int builtLevels() {
    return Math.min(blockLevels, levels());
  }

  /** Whether blocks pass on rows of level {@link #builtLevels()} for the stitching task. */
  public boolean passesRows() {
    return builtLevels() < levels();
  }

  public int x(int block) {
    return (block % across()) * side();
  }

  public int y(int block) {
    return (block / across()) * side();
  }

  public int width(int block) {
    return Math.min(side(), width - x(block));
  }

  public int height(int block) {
    return Math.min(side(), height - y(block));
  }

  /** The blocks that a rectangle of level-0 pixels overlaps. */
  public List<Integer> overlapping(int x, int y, int w, int h) {
    List<Integer> out = new ArrayList<>();
    for (int by = y / side(); by <= (y + h - 1) / side() && by < down(); by++) {
      for (int bx = x / side(); bx <= (x + w - 1) / side() && bx < across(); bx++) {
        out.add(by * across() + bx);
      }
    }
    return out;
  }
}
