package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slideseg.jobs.segment.outputs.TilesTable;

/** How a run's windows are cut into segment tasks. */
class WorkSplitTest {
  @Test
  void aSmallRunIsSpreadOverEveryTaskSlot() {
    assertThat(WorkPlan.windowsPerTask(36, 2, 64)).isEqualTo(18);
    assertThat(WorkPlan.windowsPerTask(37, 2, 64)).isEqualTo(19);
    assertThat(WorkPlan.windowsPerTask(1, 8, 64)).isEqualTo(1);
  }

  @Test
  void aLargeRunKeepsTheTaskSizeAsked() {
    assertThat(WorkPlan.windowsPerTask(121_000, 16, 64)).isEqualTo(64);
    assertThat(WorkPlan.windowsPerTask(36, 2, 4)).isEqualTo(4);
  }

  @Test
  void theTilesTableGetsAFilePerRowGroupOfTilesAndOnePerTaskSlotAtLeast() {
    long rowGroup = TilesTable.FILE_BYTES;
    assertThat(TilesTable.files(33L << 20, 2, 29)).isEqualTo(2);
    assertThat(TilesTable.files(10 * rowGroup + 1, 2, 1000)).isEqualTo(11);
    assertThat(TilesTable.files(10 * rowGroup, 16, 1000)).isEqualTo(16);
    assertThat(TilesTable.files(1000 * rowGroup, 16, 300)).isEqualTo(300);
    assertThat(TilesTable.files(0, 16, 1)).isEqualTo(1);
    assertThat(TilesTable.files(0, 16, 0)).isEqualTo(1);
  }
}
