package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
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
 * container is unfinished, and a re-run replaces it. On a local disk no checksum file goes beside
 * each chunk: it would double the container's files.
 */
record ZarrLabelFiles(FileSystem fs, Path container, OmeZarrLabels labels) {
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
      if ("file".equals(fs.getUri().getScheme())) {
        writeLocal(java.nio.file.Path.of(fs.makeQualified(file).toUri()), data);
      } else {
        WholeFiles.write(fs, file, out -> out.write(data));
      }
    } catch (IOException e) {
      throw new IOException("writing " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * As {@link WholeFiles#write} does, through java.nio: a label image is thousands of small files,
   * and Hadoop's local file system took 0.1-0.3 ms a file where slideseg sets permissions itself
   * (local mode) and 8 ms where it forks a chmod (executors without Hadoop's native library),
   * against 0.03 ms (README, OME-Zarr labels).
   */
  private static void writeLocal(java.nio.file.Path target, byte[] data) throws IOException {
    Files.createDirectories(target.getParent());
    var staging = target.resolveSibling(WholeFiles.temporaryName(target.getFileName().toString()));
    try {
      Files.write(staging, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(
          staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(staging);
      throw e;
    }
  }
}
