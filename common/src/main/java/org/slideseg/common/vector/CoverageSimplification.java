package org.slideseg.common.vector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.locationtech.jts.coverage.CoverageSimplifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Simplifies one block's regions ({@link MaskPolygons#finish}, every class) together, as the
 * coverage they form: JTS's {@link CoverageSimplifier} moves each edge shared by two regions once,
 * for both, so no gap or overlap opens between classes; edges on the block's outline stay as they
 * are ({@code simplifyInner}), so regions still meet their pieces in the next block.
 *
 * <p>The regions are noded first: a region's rings carry the ends of its own class's runs, not its
 * neighbours', so an edge shared by two classes can have a vertex on one side only, which the
 * simplifier needs on both. Every ring gets every vertex of the block that lies on its edges (all
 * edges are horizontal or vertical, all vertices whole pixels: exact).
 */
public final class CoverageSimplification {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private CoverageSimplification() {}

  /**
   * The regions of each class, their shared inner edges simplified with a Visvalingam-Whyatt
   * tolerance of {@code tolerance} pixels.
   */
  public static List<Geometry> simplified(List<Geometry> classes, double tolerance) {
    List<Polygon> all = new ArrayList<>();
    List<Integer> classOf = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      for (int i = 0; i < classes.get(c).getNumGeometries(); i++) {
        all.add((Polygon) classes.get(c).getGeometryN(i));
        classOf.add(c);
      }
    }
    Vertices vertices = new Vertices(all);
    Geometry[] noded = all.stream().map(vertices::noded).toArray(Geometry[]::new);
    Geometry[] simple = CoverageSimplifier.simplifyInner(noded, tolerance);
    List<List<Polygon>> perClass = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      perClass.add(new ArrayList<>());
    }
    for (int i = 0; i < simple.length; i++) {
      for (int k = 0; k < simple[i].getNumGeometries(); k++) {
        if (simple[i].getGeometryN(k) instanceof Polygon p && !p.isEmpty()) {
          perClass.get(classOf.get(i)).add(p);
        }
      }
    }
    List<Geometry> out = new ArrayList<>();
    for (List<Polygon> polygons : perClass) {
      out.add(GEOMETRY.createMultiPolygon(polygons.toArray(Polygon[]::new)));
    }
    return out;
  }

  /** Every vertex of the block, by row and by column. */
  private static final class Vertices {
    private final Map<Double, NavigableSet<Double>> xsAtY = new HashMap<>();
    private final Map<Double, NavigableSet<Double>> ysAtX = new HashMap<>();

    Vertices(List<Polygon> polygons) {
      for (Polygon p : polygons) {
        for (Coordinate c : p.getCoordinates()) {
          xsAtY.computeIfAbsent(c.y, k -> new TreeSet<>()).add(c.x);
          ysAtX.computeIfAbsent(c.x, k -> new TreeSet<>()).add(c.y);
        }
      }
    }

    Polygon noded(Polygon p) {
      LinearRing shell = noded(p.getExteriorRing());
      LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
      for (int i = 0; i < holes.length; i++) {
        holes[i] = noded(p.getInteriorRingN(i));
      }
      return GEOMETRY.createPolygon(shell, holes);
    }

    /** The ring with the block's vertices that lie inside its edges, in order along each edge. */
    private LinearRing noded(LinearRing ring) {
      Coordinate[] in = ring.getCoordinates();
      List<Coordinate> out = new ArrayList<>();
      out.add(in[0]);
      for (int i = 1; i < in.length; i++) {
        Coordinate a = in[i - 1];
        Coordinate b = in[i];
        if (a.y == b.y && a.x != b.x) {
          NavigableSet<Double> xs =
              xsAtY.get(a.y).subSet(Math.min(a.x, b.x), false, Math.max(a.x, b.x), false);
          for (double x : a.x < b.x ? xs : xs.descendingSet()) {
            out.add(new Coordinate(x, a.y));
          }
        } else if (a.x == b.x && a.y != b.y) {
          NavigableSet<Double> ys =
              ysAtX.get(a.x).subSet(Math.min(a.y, b.y), false, Math.max(a.y, b.y), false);
          for (double y : a.y < b.y ? ys : ys.descendingSet()) {
            out.add(new Coordinate(a.x, y));
          }
        }
        out.add(b);
      }
      return GEOMETRY.createLinearRing(out.toArray(Coordinate[]::new));
    }
  }
}
