package org.slideseg.jobs.segment.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.jobs.segment.TestCluster;

/**
 * Spark's GPU scheduling on two executor JVMs with two GPUs each, reported by a discovery script
 * that knows addresses only (no CUDA needed): each task resolves "gpu" to the address Spark
 * assigned it, and "auto" to the CPU where CUDA is not usable.
 */
class GpuSchedulingIT {
  private static SparkSession cluster;

  @BeforeAll
  static void start() throws Exception {
    Path script = Path.of("target", "test-classes", "fake-gpus.sh").toAbsolutePath();
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    cluster =
        TestCluster.start(
            "gpus",
            "local-cluster[2,2,2048]",
            Map.of(
                "spark.worker.resource.gpu.amount", "2",
                "spark.worker.resource.gpu.discoveryScript", script.toString(),
                "spark.executor.resource.gpu.amount", "2",
                "spark.executor.resource.gpu.discoveryScript", script.toString(),
                "spark.executor.cores", "2",
                "spark.task.resource.gpu.amount", "1"));
  }

  @AfterAll
  static void stop() {
    cluster.stop();
  }

  private static List<String> eachTask(String device) {
    ComputeDevice requested = ComputeDevice.parse(device);
    List<Integer> tasks = IntStream.range(0, 12).boxed().toList();
    return JavaSparkContext.fromSparkContext(cluster.sparkContext())
        .parallelize(tasks, tasks.size())
        .map(
            i -> {
              TwoAtOnce.await();
              return TaskDevice.assignedGpu() + " " + TaskDevice.resolve(requested);
            })
        .collect();
  }

  /**
   * Holds each task until two tasks have run at once in its executor JVM, so that Spark has
   * assigned both of the executor's GPUs; once seen, later tasks pass at once.
   */
  static final class TwoAtOnce {
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final CountDownLatch SEEN = new CountDownLatch(1);

    static void await() throws InterruptedException {
      if (RUNNING.incrementAndGet() >= 2) {
        SEEN.countDown();
      }
      try {
        if (!SEEN.await(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException("no second task ran beside this one in 2 minutes");
        }
      } finally {
        RUNNING.decrementAndGet();
      }
    }
  }

  @Test
  void eachTaskRunsOnTheGpuSparkAssignedIt() {
    List<String> tasks = eachTask("gpu");
    assertThat(tasks).allSatisfy(t -> assertThat(t).matches("(\\d) gpu:\\1"));
    assertThat(tasks).extracting(t -> t.substring(0, 1)).contains("0", "1");
  }

  @Test
  void autoRunsOnTheCpuWhereCudaIsNotUsable() {
    assertThat(eachTask("auto")).allSatisfy(t -> assertThat(t).matches("\\d cpu"));
  }
}
