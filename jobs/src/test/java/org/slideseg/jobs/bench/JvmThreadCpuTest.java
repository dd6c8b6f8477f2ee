package org.slideseg.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JVM's own threads' CPU time, by kind, over a span of work. */
class JvmThreadCpuTest {
  @Test
  void collectionsInTheSpanCountAsTheGarbageCollectorsTime() throws Exception {
    assumeTrue(
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .anyMatch(n -> n.startsWith("G1")),
        "G1's collections run on threads of their own; the serial collector's on the VM thread");
    Map<JvmThreadCpu.Kind, Double> seconds;
    try (JvmThreadCpu cpu = JvmThreadCpu.start()) {
      List<int[]> live = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        for (int j = 0; j < 2_000; j++) {
          live.add(new int[1_000]);
        }
        System.gc(); // a full collection over about 8 MB still alive
        live.subList(0, live.size() / 2).clear();
      }
      seconds = cpu.seconds();
    }

    assertThat(seconds).containsOnlyKeys(JvmThreadCpu.Kind.values());
    assertThat(seconds.get(JvmThreadCpu.Kind.GARBAGE_COLLECTOR)).isPositive();
    assertThat(seconds.get(JvmThreadCpu.Kind.JIT_COMPILER)).isNotNegative();
  }
}
