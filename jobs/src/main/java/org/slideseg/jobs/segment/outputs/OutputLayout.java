package org.slideseg.jobs.segment.outputs;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slideseg.jobs.segment.records.TileRows;

/**
 * Where each output of a run goes, under the {@code --out} directory. These are the only places
 * slideseg writes; {@link OutputGuard} checks that they hold nothing else before a run starts.
 */
public record OutputLayout(String root) implements Serializable {
  /** The partition column of both tables; its values are slide ids, never numbers. */
  public static final String PARTITION = TileRows.SLIDE_ID;

  /** Between a slide id and a class index in the name of a probability TIFF. */
  public static final String PROBABILITY = ".probability-";

  /** The file system the output lives on. */
  public FileSystem fileSystem(Configuration conf) throws IOException {
    return new Path(root).getFileSystem(conf);
  }

  public Path tiles() {
    return new Path(root, "tiles");
  }

  /** The tiles of one slide: a partition of the tiles table. */
  public Path tiles(String slideId) {
    return new Path(tiles(), PARTITION + "=" + slideId);
  }

  public Path slides() {
    return new Path(root, "slides");
  }

  /** The slides table's partition of one slide. */
  public Path slides(String slideId) {
    return new Path(slides(), PARTITION + "=" + slideId);
  }

  public Path masks() {
    return new Path(root, "masks");
  }

  public Path mask(String slideId) {
    return new Path(masks(), slideId + ".tif");
  }

  /** A slide's OME-Zarr container (--mask-format ome-zarr or both), a folder of slideseg's own. */
  public Path labels(String slideId) {
    return new Path(masks(), slideId + ".ome.zarr");
  }

  /** A slide's probabilities of class {@code index} of the model (--probabilities). */
  public Path probability(String slideId, int index) {
    return new Path(masks(), slideId + PROBABILITY + index + ".tif");
  }

  /** A slide's regions for QuPath (--polygons). */
  public Path geojson(String slideId) {
    return new Path(masks(), slideId + ".geojson");
  }

  /** The regions of every slide, a GeoParquet table partitioned by slide (--polygons). */
  public Path polygons() {
    return new Path(root, "polygons");
  }

  /** A slide's one file in {@link #polygons()}. */
  public Path polygons(String slideId) {
    return new Path(new Path(polygons(), PARTITION + "=" + slideId), "part-regions.parquet");
  }

  public Path preview(String slideId) {
    return new Path(masks(), slideId + ".preview.png");
  }

  /** The completion record of a slide, which lets a re-run skip it; hidden from Spark readers. */
  public Path completed(String slideId) {
    return new Path(completedRecords(), slideId + ".json");
  }

  /** The folder of the completion records. */
  public Path completedRecords() {
    return new Path(root, "_done");
  }

  /** Where the run that holds this output keeps its lock (see {@link RunLock}). */
  public Path locks() {
    return new Path(root, "_lock");
  }

  public Path manifest() {
    return new Path(root, "_manifest.json");
  }

  public Path success() {
    return new Path(root, "_SUCCESS");
  }
}
