package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.slideseg.common.mask.BlockStitcher;
import org.slideseg.common.mask.EncodedBlock;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.common.mask.PyramidChunks;
import org.slideseg.common.mask.Resampling;

/**
 * The slide task's share of an OME-Zarr label image: the blocks' tasks wrote the chunks of the
 * levels within blocks; from the rows they pass on, in raster order, this makes the chunks of the
 * levels above, then writes the metadata. Not thread-safe.
 */
final class ZarrTopLevels {
  private final ZarrLabelFiles files;
  private final PyramidChunks chunks;
  private final BlockStitcher stitcher;

  ZarrTopLevels(ZarrLabelFiles files, PyramidBlocks grid) {
    this.files = files;
    this.chunks =
        new PyramidChunks(
            grid.width(), grid.height(), grid.tileSize(), Resampling.NEAREST, files.chunks());
    this.stitcher = new BlockStitcher(chunks, grid);
  }

  /** The label image, complete once {@link #finish} returned. */
  Path image() {
    return files.image();
  }

  /** Adds the next block in raster order; its tiles, if it still has them, are written already. */
  void add(EncodedBlock block) throws IOException {
    stitcher.add(block.withoutTiles());
  }

  /** Fails unless every block came; then writes the last chunks and the metadata. */
  void finish() throws IOException {
    stitcher.finish();
    chunks.finish();
    files.publishMetadata();
  }
}
