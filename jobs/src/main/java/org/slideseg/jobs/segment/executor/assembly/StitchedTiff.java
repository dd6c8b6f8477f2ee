package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.nio.file.Path;
import org.slideseg.common.mask.BlockStitcher;
import org.slideseg.common.mask.EncodedBlock;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.common.mask.PyramidTiffWriter;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.mask.TiffMetadata;
import org.slideseg.jobs.segment.executor.TaskTempFiles;

/**
 * One pyramidal TIFF of a slide stitched from its encoded blocks ({@link BlockStitcher}) in a task
 * temporary file, to be published whole once complete. Errors name the temporary file: a full local
 * disk names none. Not thread-safe.
 */
final class StitchedTiff {
  private final Path file;
  private final PyramidTiffWriter writer;
  private final BlockStitcher stitcher;

  StitchedTiff(String slideId, PyramidBlocks grid, Resampling resampling, TiffMetadata metadata)
      throws IOException {
    this.file = TaskTempFiles.create(slideId, ".tif");
    try {
      this.writer =
          new PyramidTiffWriter(
              file, grid.width(), grid.height(), grid.tileSize(), resampling, metadata);
    } catch (IOException | RuntimeException e) {
      TaskTempFiles.deleteQuietly(file);
      throw named(e);
    }
    this.stitcher = new BlockStitcher(writer, grid);
  }

  /** The local file; complete once {@link #finish} returned. */
  Path file() {
    return file;
  }

  /** Adds the next block in raster order (see {@link BlockStitcher#add}). */
  void add(EncodedBlock block) throws IOException {
    try {
      stitcher.add(block);
    } catch (IOException e) {
      throw named(e);
    }
  }

  /**
   * Fails unless every block came; then writes the levels above the blocks' and closes the file.
   */
  void finish() throws IOException {
    stitcher.finish();
    try {
      writer.close();
    } catch (IOException e) {
      throw named(e);
    }
  }

  /** Closes and removes the file, after a failure or once published. */
  void discard() {
    try {
      writer.close();
    } catch (IOException | RuntimeException ignored) {
      // the file is removed whatever state it is in
    }
    TaskTempFiles.deleteQuietly(file);
  }

  private IOException named(Exception e) {
    return new IOException("writing the temporary file " + file + ": " + e.getMessage(), e);
  }
}
