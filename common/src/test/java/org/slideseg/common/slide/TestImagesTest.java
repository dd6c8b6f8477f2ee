package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tests' tool runner: a hung tool fails its test at the limit instead of hanging CI. */
class TestImagesTest {
  @Test
  void aToolThatHangsFailsAtTheLimitAndIsKilled() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                TestImages.run(
                    Duration.ofSeconds(1), Map.of(), "sh", "-c", "echo started; sleep 60"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("sh -c echo started; sleep 60 did not finish in 1 s")
        .hasMessageContaining("started");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aFailingToolFailsWithWhatItPrinted() {
    assertThatThrownBy(() -> TestImages.run("sh", "-c", "echo oops >&2; exit 3"))
        .hasMessageStartingWith("sh -c echo oops >&2; exit 3 failed")
        .hasMessageContaining("oops");
  }

  @Test
  void aToolThatSucceedsGivesWhatItPrinted() throws Exception {
    assertThat(TestImages.run(Map.of("X", "y"), "sh", "-c", "echo $X")).isEqualTo("y\n");
  }
}
