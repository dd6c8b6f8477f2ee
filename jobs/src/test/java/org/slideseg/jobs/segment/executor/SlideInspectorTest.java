package org.slideseg.jobs.segment.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slideseg.common.slide.PyramidLevel;
import org.slideseg.common.slide.SlidePyramid;

class SlideInspectorTest {
  private static final SlidePyramid SCAN =
      new SlidePyramid(
          List.of(
              new PyramidLevel(40000, 30000, 256, 256, 1),
              new PyramidLevel(10000, 7500, 256, 256, 4),
              new PyramidLevel(2500, 1875, 256, 256, 16)),
          3,
          0.25);

  @Test
  void autoPicksTheLevelNearestTheModelsResolution() {
    assertThat(SlideInspector.nearestLevel(SCAN, 0.25)).isZero();
    assertThat(SlideInspector.nearestLevel(SCAN, 0.9)).isEqualTo(1);
    assertThat(SlideInspector.nearestLevel(SCAN, 1.8)).isEqualTo(1);
    assertThat(SlideInspector.nearestLevel(SCAN, 2.5))
        .as("nearer 4.0 than 1.0 in ratio")
        .isEqualTo(2);
    assertThat(SlideInspector.nearestLevel(SCAN, 8.0)).isEqualTo(2);
  }

  @Test
  void autoFallsBackToFullResolutionWhenEitherSideHasNoMpp() {
    assertThat(SlideInspector.nearestLevel(SCAN, Double.NaN)).isZero();
    var unknown = new SlidePyramid(SCAN.levels(), 3, Double.NaN);
    assertThat(SlideInspector.nearestLevel(unknown, 1.0)).isZero();
  }
}
