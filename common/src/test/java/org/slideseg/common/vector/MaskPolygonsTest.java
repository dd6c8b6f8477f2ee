package org.slideseg.common.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;

class MaskPolygonsTest {

  /** Area equals pixel count, class by class, whatever the bands the rows arrive in. */
  @Test
  void polygonsCoverExactlyTheirClassesPixels() {
    int w = 97;
    int h = 61;
    byte[] labels = blobs(w, h, 3, 7, true);
    MaskPolygons polygons = new MaskPolygons(1000, 2000, w, 3);
    int y = 0;
    for (int rows : new int[] {1, 13, 30, 17}) {
      polygons.addRows(labels, y * w, rows);
      y += rows;
    }
    List<Geometry> regions = polygons.finish();
    long[] pixels = new long[3];
    for (byte b : labels) {
      pixels[b]++;
    }
    for (int c = 0; c < 3; c++) {
      assertThat(new IsValidOp(regions.get(c)).getValidationError()).isNull();
      assertThat(regions.get(c).getArea()).as("class %d", c).isEqualTo((double) pixels[c]);
      assertThat(regions.get(c).getEnvelopeInternal().getMinX()).isGreaterThanOrEqualTo(1000);
      assertThat(regions.get(c).getEnvelopeInternal().getMaxY()).isLessThanOrEqualTo(2000 + h);
    }
    double union = regions.get(0).union(regions.get(1)).union(regions.get(2)).getArea();
    assertThat(union).isEqualTo((double) w * h);
    int[] components = components(labels, w, h, 3);
    for (int c = 0; c < 3; c++) {
      assertThat(regions.get(c).getNumGeometries()).as("class %d", c).isEqualTo(components[c]);
    }
  }

  /** 4-connected components per class, by flood fill: the reference for the region count. */
  private static int[] components(byte[] labels, int w, int h, int classes) {
    int[] count = new int[classes];
    boolean[] seen = new boolean[w * h];
    for (int start = 0; start < w * h; start++) {
      if (seen[start]) {
        continue;
      }
      count[labels[start]]++;
      java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(start));
      seen[start] = true;
      while (!todo.isEmpty()) {
        int p = todo.pop();
        int x = p % w;
        int[] next = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, p - w, p + w};
        for (int q : next) {
          if (q >= 0 && q < w * h && !seen[q] && labels[q] == labels[p]) {
            seen[q] = true;
            todo.push(q);
          }
        }
      }
    }
    return count;
  }

  /** A ring of class 1: one polygon with one hole; class 0 is the outside and the hole. */
  @Test
  void aRingIsOnePolygonWithItsHole() {
    int w = 40;
    byte[] labels = new byte[w * w];
    for (int y = 5; y < 35; y++) {
      for (int x = 5; x < 35; x++) {
        boolean wall = x < 12 || x >= 28 || y < 12 || y >= 28;
        labels[y * w + x] = (byte) (wall ? 1 : 0);
      }
    }
    MaskPolygons polygons = new MaskPolygons(0, 0, w, 2);
    polygons.addRows(labels, 0, w);
    List<Geometry> regions = polygons.finish();
    assertThat(regions.get(1)).isInstanceOf(Polygon.class);
    Polygon ring = (Polygon) regions.get(1);
    assertThat(ring.getNumInteriorRing()).isEqualTo(1);
    assertThat(ring.getArea()).isEqualTo(30 * 30 - 16 * 16);
    assertThat(ring.getInteriorRingN(0).getEnvelopeInternal().getWidth()).isEqualTo(16);
    assertThat(regions.get(0).getNumGeometries()).isEqualTo(2);
  }

  /** Regions are 4-connected: pixels that touch at a corner only are two regions. */
  @Test
  void cornersDoNotConnect() {
    MaskPolygons polygons = new MaskPolygons(0, 0, 2, 2);
    polygons.addRows(new byte[] {1, 0, 0, 1}, 0, 2);
    Geometry diagonal = polygons.finish().get(1);
    assertThat(diagonal.getNumGeometries()).isEqualTo(2);
    assertThat(diagonal.getArea()).isEqualTo(2);
  }

  @Test
  void refusesLabelsBeyondTheClasses() {
    MaskPolygons polygons = new MaskPolygons(0, 0, 3, 2);
    assertThatThrownBy(() -> polygons.addRows(new byte[] {0, 2, 0, 0, 0, 0}, 0, 2))
        .hasMessageContaining("label 2 at row 0");
  }

  /**
   * Random blobs of {@code classes} labels (Voronoi cells): smooth regions with holes and thin
   * parts, and where {@code specks}, one pixel in 40 of the next class.
   */
  static byte[] blobs(int w, int h, int classes, long seed, boolean specks) {
    Random random = new Random(seed);
    double[][] centres = new double[12][];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = new double[] {random.nextDouble() * w, random.nextDouble() * h};
    }
    byte[] labels = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int nearest = 0;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < centres.length; i++) {
          double d = Math.hypot(x - centres[i][0], y - centres[i][1]);
          if (d < best) {
            best = d;
            nearest = i;
          }
        }
        int speck = specks && random.nextInt(40) == 0 ? 1 : 0;
        labels[y * w + x] = (byte) ((nearest + speck) % classes);
      }
    }
    return labels;
  }
}
