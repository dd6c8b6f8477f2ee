package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunProgressTest {
  private static final RunProgress.Totals TOTALS = new RunProgress.Totals(3, 5_678, 2_000_000_000L);

  @Test
  void segmentingSaysWindowsRateAndTimeLeft() {
    assertThat(RunProgress.segmenting(TOTALS, 1_234, 123_000_000, 10))
        .isEqualTo(
            "segment 3 slide(s): 1,234/5,678 windows (21.7 %), 12.3 output Mpx/s,"
                + " about 0m36s left");
  }

  @Test
  void beforeAnyTaskEndsTheTimeLeftIsNotGuessed() {
    assertThat(RunProgress.segmenting(TOTALS, 0, 0, 4))
        .endsWith("0/5,678 windows (0.0 %), 0.00 output Mpx/s, time left not known yet");
  }

  /** A retried task counts its windows again; progress never passes the total. */
  @Test
  void retriedTasksDoNotPushProgressPastTheEnd() {
    assertThat(RunProgress.segmenting(TOTALS, 6_000, 2_100_000_000L, 100))
        .contains("5,678/5,678 windows (100.0 %)", "about 0m00s left");
    assertThat(RunProgress.assembling(TOTALS, 45, 40, 4))
        .isEqualTo("assemble: 40/40 mask blocks, masks 3/3 written");
  }
}
