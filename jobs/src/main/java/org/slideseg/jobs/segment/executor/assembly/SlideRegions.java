package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.vector.QuPathGeoJson;
import org.slideseg.common.vector.UnionFind;
import org.slideseg.jobs.segment.executor.TaskTempFiles;
import org.slideseg.jobs.segment.records.BlockRegion;
import org.slideseg.jobs.segment.records.InspectedSlide;

/**
 * One slide's regions (--polygons) as its blocks arrive: closed regions go straight to two local
 * files, GeoJSON for QuPath and GeoParquet for the lake; open ones, pieces of regions that may
 * cross block borders, are kept per class and merged when the last block is in. So the slide task
 * holds only the regions on block borders.
 */
final class SlideRegions {
  private final ModelSpec spec;
  private final Path geojson;
  private final Path parquet;
  private final OutputStream out;
  private final QuPathGeoJson features;
  private final GeoParquetRegions rows;
  private final List<List<Geometry>> open = new ArrayList<>();
  private final long[] counts;
  private final WKBReader wkb = new WKBReader();

  SlideRegions(InspectedSlide slide, ModelSpec spec, Configuration conf) throws IOException {
    this.spec = spec;
    String id = slide.slide().slideId();
    this.geojson = TaskTempFiles.create(id, ".geojson");
    this.parquet = TaskTempFiles.create(id, ".parquet");
    try {
      this.out = Files.newOutputStream(geojson);
      this.features = new QuPathGeoJson(out, slide.downsample(), slide.mpp());
      this.rows = new GeoParquetRegions(parquet, slide.downsample(), slide.mpp(), conf);
    } catch (IOException | RuntimeException e) {
      TaskTempFiles.deleteQuietly(geojson); // nobody else knows these files yet
      TaskTempFiles.deleteQuietly(parquet);
      throw e;
    }
    this.counts = new long[spec.classes().size()];
    for (int c = 0; c < counts.length; c++) {
      open.add(new ArrayList<>());
    }
  }

  void add(List<BlockRegion> regions) throws IOException {
    for (BlockRegion r : regions) {
      Geometry region;
      try {
        region = wkb.read(r.wkb());
      } catch (ParseException e) {
        throw new IOException("a mask block sent an unreadable region: " + e.getMessage(), e);
      }
      if (r.open()) {
        open.get(r.label()).add(region);
      } else {
        write((Polygon) region, r.label());
      }
    }
  }

  /** Merges the open pieces, writes them, and returns the regions per class. */
  long[] finish() throws IOException {
    for (int label = 0; label < open.size(); label++) {
      for (List<Geometry> touching : touchingGroups(open.get(label))) {
        Geometry merged = OverlayNGRobust.union(touching);
        for (int i = 0; i < merged.getNumGeometries(); i++) {
          write((Polygon) merged.getGeometryN(i), label);
        }
      }
      open.get(label).clear();
    }
    features.close();
    rows.close();
    return counts.clone();
  }

  /** The local GeoJSON file, complete once {@link #finish} returned. */
  Path geojson() {
    return geojson;
  }

  /** The local GeoParquet file, complete once {@link #finish} returned. */
  Path parquet() {
    return parquet;
  }

  void deleteQuietly() {
    try {
      out.close();
      rows.close();
    } catch (IOException | RuntimeException ignored) {
      // finished already, or the slide failed; only the files remain to go
    }
    TaskTempFiles.deleteQuietly(geojson);
    TaskTempFiles.deleteQuietly(parquet);
  }

  /**
   * The pieces in groups that touch one another, each merged on its own: one union of all of a
   * class's pieces makes JTS place every hole against every shell. Touching is decided by RelateNG
   * on a prepared piece; {@code Geometry.intersects} nodes each large piece against itself first.
   */
  private static List<List<Geometry>> touchingGroups(List<Geometry> pieces) {
    UnionFind groups = new UnionFind();
    STRtree index = new STRtree();
    for (int i = 0; i < pieces.size(); i++) {
      groups.add();
      index.insert(pieces.get(i).getEnvelopeInternal(), i);
    }
    for (int i = 0; i < pieces.size(); i++) {
      RelateNG piece = RelateNG.prepare(pieces.get(i));
      for (Object other : index.query(pieces.get(i).getEnvelopeInternal())) {
        int j = (Integer) other;
        if (j > i && piece.evaluate(pieces.get(j), RelatePredicate.intersects())) {
          groups.union(i, j);
        }
      }
    }
    Map<Integer, List<Geometry>> byGroup = new LinkedHashMap<>();
    for (int i = 0; i < pieces.size(); i++) {
      byGroup.computeIfAbsent(groups.root(i), k -> new ArrayList<>()).add(pieces.get(i));
    }
    return new ArrayList<>(byGroup.values());
  }

  private void write(Polygon region, int label) throws IOException {
    features.add(region, spec.classes().get(label), spec.rgb(label));
    rows.add(region, label, spec.classes().get(label));
    counts[label]++;
  }
}
