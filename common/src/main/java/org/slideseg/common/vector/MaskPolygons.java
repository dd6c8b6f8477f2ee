package org.slideseg.common.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.overlayng.CoverageUnion;

/**
 * The regions of each class of a label raster that arrives row by row, as polygons with their
 * holes. Pixel (x, y) is the square [x, x + 1) x [y, y + 1) shifted by the raster's origin, so a
 * class's polygons cover exactly its pixels and their area is its pixel count.
 *
 * <p>Each run of one label in a row is a rectangle. Where a rectangle touches runs of its class in
 * the rows above and below, it carries their ends as vertices too, so a region's rectangles form a
 * coverage (disjoint, touching along shared vertices) that JTS's {@link CoverageUnion} joins in one
 * pass. Runs are first grouped into regions (4-connected: a run joins the runs of its class that it
 * overlaps in the row above, union-find), and each region is joined on its own. Joining a whole
 * class at once made JTS place every hole against every shell: a 2048 x 2048 block of thresholded
 * EM had not finished in minutes; region by region it is linear. Where a region touches itself at a
 * corner, its ring touches itself there, which OGC's rules forbid; {@link GeometryFixer} makes it a
 * shell with a hole that touch, area unchanged. Rows are kept one at a time (each run needs its
 * neighbours' ends); the rectangles until {@link #finish}. Not thread-safe.
 */
public final class MaskPolygons {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private final int x0;
  private final int width;
  private final int classes;
  private final List<Polygon> rectangles = new ArrayList<>();
  private final UnionFind regions = new UnionFind();
  private int[] labels = new int[1024];
  private int[] runsAbove = new int[0]; // start, end, rectangle of each run of the row above
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
    Map<Integer, List<Polygon>> byRegion = new LinkedHashMap<>();
    for (int r = 0; r < rectangles.size(); r++) {
      byRegion.computeIfAbsent(regions.root(r), k -> new ArrayList<>()).add(rectangles.get(r));
    }
    List<List<Polygon>> perClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      perClass.add(new ArrayList<>());
    }
    for (var region : byRegion.entrySet()) {
      perClass.get(labels[region.getKey()]).addAll(join(region.getValue()));
    }
    List<Geometry> out = new ArrayList<>(classes);
    for (List<Polygon> polygons : perClass) {
      out.add(
          polygons.size() == 1
              ? polygons.get(0)
              : GEOMETRY.createMultiPolygon(polygons.toArray(Polygon[]::new)));
    }
    return out;
  }

  /**
   * One region's rectangles as its polygon. They go in as a MultiPolygon, not a GeometryCollection:
   * JTS asks the input's dimension at every node, which a collection computes over all its members.
   */
  private static List<Polygon> join(List<Polygon> pieces) {
    if (pieces.size() == 1) {
      return pieces; // one rectangle
    }
    Geometry region =
        CoverageUnion.union(GEOMETRY.createMultiPolygon(pieces.toArray(Polygon[]::new)));
    Geometry valid = region.isValid() ? region : GeometryFixer.fix(region);
    List<Polygon> out = new ArrayList<>(1);
    for (int i = 0; i < valid.getNumGeometries(); i++) {
      out.add((Polygon) valid.getGeometryN(i));
    }
    return out;
  }

  /**
   * Turns the runs of the current row (row {@code y}) into rectangles, each joined to the region of
   * every run of its class it overlaps in the row above; {@code below} is the next row.
   */
  private void addRow(byte[] below) {
    int[] runs = new int[3 * 16];
    int count = 0;
    int k = 0; // the first run above that may overlap this one
    int start = 0;
    for (int x = 1; x <= width; x++) {
      if (x == width || current[x] != current[start]) {
        int label = current[start] & 0xff;
        if (label >= classes) {
          throw new IllegalArgumentException(
              "label " + label + " at row " + y + " is not below the class count " + classes);
        }
        int r = add(rectangle(start, x, (byte) label, below), label);
        while (k < runsAbove.length && runsAbove[k + 1] <= start) {
          k += 3;
        }
        for (int a = k; a < runsAbove.length && runsAbove[a] < x; a += 3) {
          if (labels[runsAbove[a + 2]] == label) {
            regions.union(r, runsAbove[a + 2]);
          }
        }
        if (3 * count + 3 > runs.length) {
          runs = Arrays.copyOf(runs, 2 * runs.length);
        }
        runs[3 * count] = start;
        runs[3 * count + 1] = x;
        runs[3 * count + 2] = r;
        count++;
        start = x;
      }
    }
    runsAbove = Arrays.copyOf(runs, 3 * count);
  }

  private int add(Polygon rectangle, int label) {
    int r = regions.add();
    if (r == labels.length) {
      labels = Arrays.copyOf(labels, 2 * r);
    }
    rectangles.add(rectangle);
    labels[r] = label;
    return r;
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
