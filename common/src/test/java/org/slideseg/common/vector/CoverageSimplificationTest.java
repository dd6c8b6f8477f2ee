package org.slideseg.common.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Geometry;

/**
 * A block's regions simplified together stay a coverage of the block: no gap, no overlap, the
 * block's outline as it was; under half the vertices, and each class's area close to its pixels.
 */
class CoverageSimplificationTest {
  @Test
  void simplifiedRegionsStillTileTheBlockExactly() {
    int w = 160;
    int h = 120;
    byte[] labels = MaskPolygonsTest.blobs(w, h, 3, 11, false);
    MaskPolygons polygons = new MaskPolygons(512, 256, w, 3);
    polygons.addRows(labels, 0, h);
    List<Geometry> exact = polygons.finish();

    List<Geometry> simple = CoverageSimplification.simplified(exact, 2.0);

    assertThat(CoverageValidator.isValid(parts(simple))).as("no gaps or overlaps").isTrue();
    double total = simple.stream().mapToDouble(Geometry::getArea).sum();
    assertThat(total).as("areas sum to the block").isEqualTo((double) w * h);
    Geometry union = simple.get(0).union(simple.get(1)).union(simple.get(2));
    assertThat(union.getArea()).as("no overlaps").isEqualTo((double) w * h);
    assertThat(union.getEnvelopeInternal().getMinX()).isEqualTo(512);
    assertThat(union.getEnvelopeInternal().getMaxY()).isEqualTo(256 + h);
    int before = exact.stream().mapToInt(Geometry::getNumPoints).sum();
    int after = simple.stream().mapToInt(Geometry::getNumPoints).sum();
    assertThat(after).as("vertices").isLessThan(before / 2);
    for (int c = 0; c < 3; c++) {
      assertThat(simple.get(c).getArea())
          .as("class %d", c)
          .isCloseTo(exact.get(c).getArea(), Percentage.withPercentage(5));
    }
  }

  private static Geometry[] parts(List<Geometry> classes) {
    List<Geometry> out = new ArrayList<>();
    for (Geometry g : classes) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        out.add(g.getGeometryN(i));
      }
    }
    return out.toArray(Geometry[]::new);
  }
}
