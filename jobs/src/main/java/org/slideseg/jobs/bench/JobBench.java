package org.slideseg.jobs.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.slide.PyramidLevel;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.demo.IsbiMosaic;
import org.slideseg.jobs.segment.cli.SegmentCommand;
import org.slideseg.jobs.segment.driver.RunSummary;
import org.slideseg.jobs.segment.driver.SegmentJob;
import org.slideseg.jobs.segment.driver.SegmentOptions;
import org.slideseg.jobs.segment.executor.TaskMeters;

/**
 * {@code slideseg bench --slide-side N | --slide F}: the segment job, with an embedded Spark as
 * {@code bin/slideseg} runs it, on a generated N x N EM slide (or a given one, or several copies),
 * once with the model and once with its no-op twin ({@link NoOpModel}), and what the time went to:
 * Spark start-up, end to end, each driver step and each task stage, and how close the whole job
 * comes to the model alone (forward-pass time over the task slots). Also peak heap and peak
 * resident memory of the process.
 *
 * @param work a temporary folder for the slides and outputs, removed at the end
 */
record JobBench(Path model, Path work, SparkSession spark, Choices choices) {
  private static final int WARM_UP_SIDE = 1024;

  /**
   * How the job runs.
   *
   * @param copies how many copies of the slide one run segments
   * @param withModel whether to run the model after its no-op twin
   * @param warmUpOnSlide whether the unreported warm-up run segments the slide itself
   * @param master the Spark master, or null for the job's own default
   * @param maskFormat segment's --mask-format
   */
  record Choices(
      int copies, boolean withModel, boolean warmUpOnSlide, String master, String maskFormat) {}

  /**
   * @param slide the slide to segment, or null to generate one of {@code side} x {@code side}
   */
  static void run(Path model, Path slide, int side, Choices choices, Path json)
      throws IOException, UsageException {
    Path work = Files.createTempDirectory("slideseg-bench-job-");
    try {
      Path input = slides(slide == null ? generate(work, side) : slide, choices.copies(), work);
      long start = System.nanoTime();
      SparkSession spark = SegmentCommand.session("slideseg bench", choices.master());
      double startup = (System.nanoTime() - start) / 1e9;
      try {
        new JobBench(model, work, spark, choices).measure(input, startup, json);
      } finally {
        spark.stop();
      }
    } finally {
      deleteTree(work);
    }
  }

  private void measure(Path input, double startup, Path json) throws IOException, UsageException {
    int copies = choices.copies();
    Map<String, Object> f = new LinkedHashMap<>();
    PyramidLevel size = levelZero(input);
    double mpx = copies * (double) size.width() * size.height() / 1e6;
    f.put("slide", size.width() + " x " + size.height() + (copies > 1 ? " x " + copies : ""));
    f.put("output_mpx", mpx);
    f.put("master", spark.sparkContext().master());
    f.put("task_slots", spark.sparkContext().defaultParallelism());
    f.put("mask_format", choices.maskFormat());
    f.put("spark_startup_seconds", startup);
    ModelSpec spec =
        new ModelDirectory(model.toAbsolutePath().toUri()).readSpec(new Configuration());
    // The threads the job gives each task: the engine's pools are sized once per JVM.
    int threads = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    var noOp = NoOpModel.writeLike(spec, work.resolve("no-op-model"), threads);
    if (noOp.isPresent()) {
      // JIT, class loading and Spark's first jobs once, as on a long-running cluster; a small
      // slide leaves much of the JIT compilation to the measured run.
      Path warmUp =
          choices.warmUpOnSlide() ? input : generate(work.resolve("warm-up"), WARM_UP_SIDE);
      job(noOp.get(), warmUp, "warm-up");
    }
    BenchCommand.resetPeaks();
    Map<String, Object> runs = new LinkedHashMap<>();
    if (noOp.isPresent()) {
      runs.put("no-op model", figures(noOp.get(), input, "no-op", mpx));
    }
    if (choices.withModel() || noOp.isEmpty()) {
      runs.put("model", figures(model, input, "model", mpx));
    }
    f.put("runs", runs);
    f.put("peak_heap_mb", BenchCommand.peakHeap() / 1e6);
    f.put("peak_rss_mb", peakRssKb() / 1e3);
    // G1 grows the heap towards -Xmx as a run goes on and rarely gives it back: most of what peak
    // resident memory gains in a longer run.
    f.put(
        "heap_committed_mb",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1e6);
    report(f, noOp.isPresent() ? null : spec.geometry().toString(), json);
  }

  private RunSummary job(Path modelDir, Path input, String name)
      throws IOException, UsageException {
    List<String> args =
        List.of(
            "--input",
            input.toString(),
            "--model",
            modelDir.toString(),
            "--out",
            work.resolve("out-" + name).toString(),
            "--mask-format",
            choices.maskFormat());
    RunSummary summary = new SegmentJob(spark, SegmentOptions.parse(args)).run();
    if (!summary.failures().isEmpty()) {
      throw new IOException("the benchmark slide failed: " + summary.failures());
    }
    return summary;
  }

  /**
   * Runs the job and says how fast, with the CPU time the process used meanwhile: all of it is the
   * job's, the embedded Spark's driver and executors alike. On a noisy machine it varies less than
   * the clock, and output Mpx per CPU-second is what a node of more cores can at best multiply. The
   * JIT compiler's and the garbage collector's shares are their threads' CPU time ({@link
   * JvmThreadCpu}): the JVM's own compilation time counts the time its threads wait for a core too,
   * double on two busy cores.
   */
  private Map<String, Object> figures(Path modelDir, Path input, String name, double mpx)
      throws IOException, UsageException {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    RunSummary summary;
    Map<JvmThreadCpu.Kind, Double> jvm;
    try (JvmThreadCpu jvmThreads = JvmThreadCpu.start()) {
      summary = job(modelDir, input, name);
      jvm = jvmThreads.seconds();
    }
    double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    int slots = spark.sparkContext().defaultParallelism();
    double seconds = summary.seconds();
    double inference = summary.taskSeconds().getOrDefault(TaskMeters.Stage.INFERENCE, 0.0) / slots;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("end_to_end_seconds", seconds);
    f.put("end_to_end_mpx_per_second", mpx / seconds);
    f.put("cpu_seconds", cpu);
    f.put("jit_compiler_seconds", jvm.get(JvmThreadCpu.Kind.JIT_COMPILER));
    f.put("garbage_collector_seconds", jvm.get(JvmThreadCpu.Kind.GARBAGE_COLLECTOR));
    f.put("mpx_per_cpu_second", mpx / cpu);
    f.put("step_seconds", summary.timings());
    f.put("model_only_mpx_per_second", mpx / inference);
    f.put("end_to_end_over_model_only", inference / seconds);
    return f;
  }

  @SuppressWarnings("unchecked")
  private static void report(Map<String, Object> f, String noNoOp, Path json) throws IOException {
    System.out.printf(
        "job: %s slide (%.1f output Mpx) on %s, %s task slots, mask as %s%n",
        f.get("slide"),
        f.get("output_mpx"),
        f.get("master"),
        f.get("task_slots"),
        f.get("mask_format"));
    System.out.printf("  Spark start-up        %7.1f s%n", f.get("spark_startup_seconds"));
    if (noNoOp != null) {
      System.out.println(
          "  no no-op run: the no-op network has the classic U-Net's windows, not " + noNoOp);
    }
    ((Map<String, Map<String, Object>>) f.get("runs"))
        .forEach(
            (name, r) -> {
              System.out.printf(
                  "  %-12s end to end %7.1f s   %7.2f output Mpx/s%n",
                  name, r.get("end_to_end_seconds"), r.get("end_to_end_mpx_per_second"));
              System.out.printf(
                  "    CPU time %.1f s (JIT compiler %.1f s, garbage collector %.1f s):"
                      + " %.2f output Mpx per CPU-second%n",
                  r.get("cpu_seconds"),
                  r.get("jit_compiler_seconds"),
                  r.get("garbage_collector_seconds"),
                  r.get("mpx_per_cpu_second"));
              ((Map<String, Double>) r.get("step_seconds"))
                  .forEach((step, s) -> System.out.printf("    %-40s %7.1f s%n", step, s));
              System.out.printf(
                  "    model only (forward passes over the slots) %7.2f output Mpx/s;"
                      + " end to end / model only %.2f%n",
                  r.get("model_only_mpx_per_second"), r.get("end_to_end_over_model_only"));
            });
    System.out.printf(
        "  peak heap (each pool's peak, summed) %.0f MB, peak resident memory %.0f MB"
            + " (heap committed at the end %.0f MB)%n",
        f.get("peak_heap_mb"), f.get("peak_rss_mb"), f.get("heap_committed_mb"));
    if (json != null) {
      Files.writeString(
          json,
          new GsonBuilder().setPrettyPrinting().create().toJson(f) + "\n",
          StandardCharsets.UTF_8);
      System.out.println("  figures written to " + json);
    }
  }

  private static Path generate(Path dir, int side) throws IOException {
    Files.createDirectories(dir);
    Path slide = dir.resolve("bench-slide.tif");
    new IsbiMosaic(side, side).writeSlide(slide);
    return slide;
  }

  /** The slide itself, or a folder of {@code copies} hard links to it: each a slide to the job. */
  private static Path slides(Path slide, int copies, Path work) throws IOException {
    if (copies == 1) {
      return slide;
    }
    Path dir = Files.createDirectories(work.resolve("slides"));
    String name = slide.getFileName().toString();
    for (int i = 0; i < copies; i++) {
      Files.createLink(dir.resolve(i + "-" + name), slide.toAbsolutePath());
    }
    return dir;
  }

  private static PyramidLevel levelZero(Path input) throws IOException {
    Path one = input;
    if (Files.isDirectory(input)) {
      try (Stream<Path> files = Files.list(input)) {
        one = files.findFirst().orElseThrow();
      }
    }
    try (SlideReader reader = SlideReaders.open(one.toUri(), new Configuration())) {
      return reader.pyramid().level(0);
    }
  }

  /** The kernel's high-water mark of this process's resident memory (Linux), native included. */
  private static long peakRssKb() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElse(-1);
  }

  /** Removes a folder this bench made, with everything in it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(all.toList());
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.delete(p);
      }
    }
  }
}
