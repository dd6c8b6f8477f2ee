package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slideseg.common.mask.OmeZarrLabels;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.common.mask.TilePyramid;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.WholeFiles;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.TaskSettings;

/**
 * A slide's OME-Zarr label image on the output's file system: each chunk written whole by the task
 * that made it (a block's task, or the slide's for the levels above the blocks), the metadata by
 * the slide's task once every chunk is there, the label image's multiscales last. Until then the
 * container is unfinished, and a re-run replaces it.
 */
final class ZarrLabelFiles {
  private final FileSystem fs;
  private final Path container;
  private final OmeZarrLabels labels;

  private ZarrLabelFiles(FileSystem fs, Path container, OmeZarrLabels labels) {
    // No checksum file beside each chunk on a local disk: it would double the container's files.
    this.fs = fs instanceof ChecksumFileSystem local ? local.getRawFileSystem() : fs;
    this.container = container;
    this.labels = labels;
  }

  static ZarrLabelFiles of(
      InspectedSlide slide, PyramidBlocks grid, TaskSettings settings, OutputLayout layout)
      throws IOException {
    String id = slide.slide().slideId();
    return new ZarrLabelFiles(
        layout.fileSystem(settings.hadoop().get()),
        layout.labels(id),
        OmeZarrLabels.of(
            settings.spec(), grid.width(), grid.height(), grid.tileSize(), slide.mpp()));
  }

  /** The label image, inside the container. */
  Path image() {
    return new Path(container, labels.image());
  }

  /** Writes each tile it is given as its chunk. */
  TilePyramid.TileSink chunks() {
    return (level, column, row, data) ->
        write(new Path(container, labels.chunk(level, column, row)), data);
  }

  /**
   * Writes the metadata, in {@link OmeZarrLabels#metadata}'s order, once every chunk is written.
   */
  void publishMetadata() throws IOException {
    for (Map.Entry<String, byte[]> file : labels.metadata().entrySet()) {
      write(new Path(container, file.getKey()), file.getValue());
    }
  }

  private void write(Path file, byte[] data) throws IOException {
    try {
      WholeFiles.write(fs, file, out -> out.write(data));
    } catch (IOException e) {
      throw new IOException("writing " + file + ": " + e.getMessage(), e);
    }
  }
}
