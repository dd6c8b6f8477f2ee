package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import java.util.Comparator;

/**
 * Where a row of the assemble step goes and in which order it comes: a mask block of a slide, and
 * within it a tile's origin (row first), so that a block's tiles arrive in raster order.
 */
public record BlockKey(String slideId, int block, int y, int x)
    implements Comparable<BlockKey>, Serializable {
  private static final Comparator<BlockKey> ORDER =
      Comparator.comparing(BlockKey::slideId)
          .thenComparingInt(BlockKey::block)
          .thenComparingInt(BlockKey::y)
          .thenComparingInt(BlockKey::x);

  /** The key of a whole block. */
  public static BlockKey of(String slideId, int block) {
    return new BlockKey(slideId, block, 0, 0);
  }

  @Override
  public int compareTo(BlockKey other) {
    return ORDER.compare(this, other);
  }
}
