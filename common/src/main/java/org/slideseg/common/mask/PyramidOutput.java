package org.slideseg.common.mask;

import java.io.IOException;

/**
 * Where the tiles of a pyramid go as they are made: a pyramidal TIFF ({@link PyramidTiffWriter}) or
 * one chunk file per tile ({@link PyramidChunks}, for OME-Zarr). Tiles of the lower levels come
 * already compressed; the levels above them are made from rows.
 */
public interface PyramidOutput {
  int levelCount();

  /** One compressed tile of a level: {@code column}, {@code row} count tiles of its level. */
  void writeTile(int level, int column, int row, byte[] data) throws IOException;

  /**
   * The pyramid that makes levels {@code level} and above from full-width rows of {@code level};
   * the levels below must come as tiles. The same one on every call.
   */
  TilePyramid rowsFrom(int level);
}
