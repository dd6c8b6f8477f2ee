package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a run's windows are cut into segment tasks. */
class WorkSplitTest {
  @Test
  void aSmallRunIsSpreadOverEveryTaskSlot() {
    assertThat(SegmentJob.windowsPerTask(36, 2, 64)).isEqualTo(18);
    assertThat(SegmentJob.windowsPerTask(37, 2, 64)).isEqualTo(19);
    assertThat(SegmentJob.windowsPerTask(1, 8, 64)).isEqualTo(1);
  }

  @Test
  void aLargeRunKeepsTheTaskSizeAsked() {
    assertThat(SegmentJob.windowsPerTask(121_000, 16, 64)).isEqualTo(64);
    assertThat(SegmentJob.windowsPerTask(36, 2, 4)).isEqualTo(4);
  }
}
