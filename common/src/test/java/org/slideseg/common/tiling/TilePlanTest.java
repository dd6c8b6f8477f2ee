package org.slideseg.common.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TilePlanTest {
  private static final WindowGeometry CLASSIC = new WindowGeometry(572, 388, 0, 16);

  @Test
  void coversEveryPixelExactlyOnce() {
    TilePlan plan = new TilePlan(1000, 801, CLASSIC);
    assertThat(plan.columns()).isEqualTo(3);
    assertThat(plan.rows()).isEqualTo(3);
    Set<Long> seen = new HashSet<>();
    for (Window w : plan.windows(0, plan.size())) {
      for (int y = w.y(); y < w.y() + w.height(); y++) {
        for (int x = w.x(); x < w.x() + w.width(); x++) {
          assertThat(seen.add((long) y * 1000 + x)).isTrue();
        }
      }
    }
    assertThat(seen).hasSize(1000 * 801);
  }

  @Test
  void numbersWindowsColumnByColumnInBandsOfRows() {
    WindowGeometry unit = new WindowGeometry(12, 10, 0, 1);
    TilePlan plan = new TilePlan(30, 100, unit); // 3 columns, 10 rows: bands of 8 and 2 rows
    assertThat(plan.window(0)).isEqualTo(new Window(0, 0, 10, 10));
    assertThat(plan.window(7)).isEqualTo(new Window(0, 70, 10, 10));
    assertThat(plan.window(8)).isEqualTo(new Window(10, 0, 10, 10));
    assertThat(plan.window(23)).isEqualTo(new Window(20, 70, 10, 10));
    assertThat(plan.window(24)).isEqualTo(new Window(0, 80, 10, 10));
    assertThat(plan.window(25)).isEqualTo(new Window(0, 90, 10, 10));
    assertThat(plan.window(26)).isEqualTo(new Window(10, 80, 10, 10));
    assertThat(plan.window(29)).isEqualTo(new Window(20, 90, 10, 10));
  }

  @Test
  void clipsOutputsAtTheRightAndBottomButReadsFullWindows() {
    TilePlan plan = new TilePlan(1000, 801, CLASSIC);
    Window last = plan.window(plan.size() - 1);
    assertThat(last).isEqualTo(new Window(768, 768, 232, 33));
    assertThat(last.input(2, CLASSIC))
        .satisfies(
            r -> {
              assertThat(r.x()).isEqualTo(768 - 92);
              assertThat(r.width()).isEqualTo(572);
              assertThat(r.level()).isEqualTo(2);
            });
  }

  @Test
  void keptTilesAreMultiplesOfThePoolingFactor() {
    assertThat(CLASSIC.keptTile()).isEqualTo(384);
    assertThat(CLASSIC.context()).isEqualTo(92);
    assertThat(new WindowGeometry(572, 388, 0, 1).keptTile()).isEqualTo(388);
  }

  @Test
  void sameModelsKeepOnlyTheCentreInsideTheHalo() {
    WindowGeometry same = new WindowGeometry(256, 256, 16, 16);
    assertThat(same.keptTile()).isEqualTo(224);
    assertThat(same.context()).isEqualTo(16);
  }

  @Test
  void rejectsGeometriesThatCannotBeCentred() {
    assertThatThrownBy(() -> new WindowGeometry(573, 388, 0, 16))
        .hasMessageContaining("must be even");
    assertThatThrownBy(() -> new WindowGeometry(300, 388, 0, 16))
        .hasMessageContaining("at least outputTile");
    assertThatThrownBy(() -> new WindowGeometry(256, 256, 0, 1))
        .hasMessageContaining("needs a halo");
    assertThatThrownBy(() -> new WindowGeometry(60, 20, 0, 32)).hasMessageContaining("pooling 32");
  }

  @Test
  void mirrorReflectsWithoutRepeatingTheEdge() {
    int[] expected = {2, 1, 0, 1, 2, 3, 2, 1, 0, 1};
    for (int i = -2; i < 8; i++) {
      assertThat(MirrorPadding.reflect(i, 4)).as("index %d", i).isEqualTo(expected[i + 2]);
    }
    assertThat(MirrorPadding.reflect(-5, 1)).isZero();
  }
}
