package org.slideseg.common.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * The regions of each class of a label raster that arrives row by row, as polygons with their
 * holes. Pixel (x, y) is the square [x, x + 1) x [y, y + 1) shifted by the raster's origin, so a
 * class's polygons cover exactly its pixels and their area is its pixel count.
 *
 * <p>Each run of one label in a row is a rectangle. Where a rectangle touches runs of its class in
 * the rows above and below, it carries their ends as vertices too, so a class's rectangles form a
 * coverage (disjoint, touching along shared vertices) that JTS's {@link CoverageUnion} joins in one
 * pass into the regions. Where a region touches itself at a corner, the union's ring touches itself
 * there, which OGC's rules forbid; {@link GeometryFixer} makes it a shell with a hole that touch,
 * area unchanged. Rows are kept one at a time (each run needs its neighbours' ends); the rectangles
 * until {@link #finish}. Not thread-safe.
 */
public final class MaskPolygons {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private final int x0;
  private final int width;
  private final int classes;
  private final List<List<Polygon>> rectangles = new ArrayList<>();
  private byte[] above;
  private byte[] current;
  private int y;

  /**
   * @param x0 the raster's left edge, in the coordinates the polygons are given in
   * @param y0 its top edge
   * @param classes labels 0 to classes - 1; another label is refused
   */
  public MaskPolygons(int x0, int y0, int width, int classes) {
    this.x0 = x0;
    this.y = y0 - 1;
    this.width = width;
    this.classes = classes;
    for (int c = 0; c < classes; c++) {
      rectangles.add(new ArrayList<>());
    }
  }

  /** The next {@code rows} rows, {@code width} labels each, from {@code offset} of {@code band}. */
  public void addRows(byte[] band, int offset, int rows) {
    for (int r = 0; r < rows; r++) {
      byte[] next = Arrays.copyOfRange(band, offset + r * width, offset + (r + 1) * width);
      if (current != null) {
        addRow(next);
      }
      above = current;
      current = next;
      y++;
    }
  }

  /**
   * Each class's regions: a Polygon, a MultiPolygon, or empty. Coordinates are the raster's, in
   * pixels.
   */
  public List<Geometry> finish() {
    if (current != null) {
      addRow(null);
      current = null;
    }
    List<Geometry> out = new ArrayList<>(classes);
    for (List<Polygon> pieces : rectangles) {
      out.add(
          pieces.isEmpty()
              ? GEOMETRY.createPolygon()
              : GeometryFixer.fix(CoverageUnion.union(pieces.toArray(Geometry[]::new))));
    }
    return out;
  }

  /** Turns the runs of the current row (row {@code y}) into rectangles; {@code below} is next. */
  private void addRow(byte[] below) {
    int start = 0;
    for (int x = 1; x <= width; x++) {
      if (x == width || current[x] != current[start]) {
        int label = current[start] & 0xff;
        if (label >= classes) {
          throw new IllegalArgumentException(
              "label " + label + " at row " + y + " is not below the class count " + classes);
        }
        rectangles.get(label).add(rectangle(start, x, (byte) label, below));
        start = x;
      }
    }
  }

  /**
   * The run [from, to) of row {@code y}, clockwise from its top left: the top edge with the ends of
   * the runs of its label above, the bottom edge with those below.
   */
  private Polygon rectangle(int from, int to, byte label, byte[] below) {
    List<Coordinate> ring = new ArrayList<>();
    ring.add(new Coordinate(x0 + from, y));
    for (int x : ends(above, label, from, to)) {
      ring.add(new Coordinate(x0 + x, y));
    }
    ring.add(new Coordinate(x0 + to, y));
    ring.add(new Coordinate(x0 + to, y + 1));
    List<Integer> bottom = ends(below, label, from, to);
    for (int i = bottom.size() - 1; i >= 0; i--) {
      ring.add(new Coordinate(x0 + bottom.get(i), y + 1));
    }
    ring.add(new Coordinate(x0 + from, y + 1));
    ring.add(new Coordinate(x0 + from, y));
    return GEOMETRY.createPolygon(ring.toArray(Coordinate[]::new));
  }

  /**
   * Where, strictly between {@code from} and {@code to}, runs of {@code label} in {@code row} begin
   * or end, left to right.
   */
  private List<Integer> ends(byte[] row, byte label, int from, int to) {
    List<Integer> out = new ArrayList<>();
    if (row == null) {
      return out;
    }
    for (int x = from + 1; x < to; x++) {
      if ((row[x] == label) != (row[x - 1] == label)) {
        out.add(x);
      }
    }
    return out;
  }
}
