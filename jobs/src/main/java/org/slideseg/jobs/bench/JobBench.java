package org.slideseg.jobs.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slideseg.jobs.cli.UsageException;
import org.slideseg.jobs.demo.IsbiMosaic;
import org.slideseg.jobs.segment.cli.SegmentCommand;
import org.slideseg.jobs.segment.cli.SegmentOptions;
import org.slideseg.jobs.segment.driver.RunSummary;
import org.slideseg.jobs.segment.driver.SegmentJob;

/**
 * {@code slideseg bench --slide-side N}: the segment job on a generated N x N EM slide, with an
 * embedded Spark as {@code bin/slideseg} runs it, and what the time went to: Spark start-up, end to
 * end, each step on the driver, the tasks' time reading windows and in model calls, and so how
 * close the whole job comes to the model alone (model-call time over the concurrent tasks). Also
 * peak heap and peak resident memory of the process.
 */
final class JobBench {
  private JobBench() {}

  static void run(Path model, int side, Path json) throws IOException, UsageException {
    Path work = Files.createTempDirectory("slideseg-bench-job-");
    try {
      Path slide = work.resolve("bench-slide.tif");
      new IsbiMosaic(side, side).writeSlide(slide);
      long start = System.nanoTime();
      SparkSession spark = SegmentCommand.session("slideseg bench", null);
      double startup = (System.nanoTime() - start) / 1e9;
      try {
        report(figures(spark, model, slide, work.resolve("out"), side, startup), json);
      } finally {
        spark.stop();
      }
    } finally {
      deleteTree(work);
    }
  }

  private static Map<String, Object> figures(
      SparkSession spark, Path model, Path slide, Path out, int side, double startup)
      throws IOException, UsageException {
    BenchCommand.resetPeaks();
    List<String> args =
        List.of("--input", slide.toString(), "--model", model.toString(), "--out", out.toString());
    long start = System.nanoTime();
    RunSummary summary = new SegmentJob(spark, SegmentOptions.parse(args)).run();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!summary.failures().isEmpty()) {
      throw new IOException("the benchmark slide failed: " + summary.failures());
    }
    double mpx = (double) side * side / 1e6;
    int tasks = spark.sparkContext().defaultParallelism();
    double modelSeconds = summary.stepSeconds().getOrDefault("tasks: model calls", 0.0) / tasks;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("slide", side + " x " + side);
    f.put("output_mpx", mpx);
    f.put("master", spark.sparkContext().master());
    f.put("concurrent_tasks", tasks);
    f.put("spark_startup_seconds", startup);
    f.put("end_to_end_seconds", seconds);
    f.put("end_to_end_mpx_per_second", mpx / seconds);
    f.put("step_seconds", summary.stepSeconds());
    f.put("model_only_mpx_per_second", mpx / modelSeconds);
    f.put("end_to_end_over_model_only", modelSeconds / seconds);
    f.put("peak_heap_mb", BenchCommand.peakHeap() / 1e6);
    f.put("peak_rss_mb", peakRssKb() / 1e3);
    return f;
  }

  private static void report(Map<String, Object> f, Path json) throws IOException {
    System.out.printf(
        "job: %s slide (%.1f output Mpx) on %s, %s concurrent tasks%n",
        f.get("slide"), f.get("output_mpx"), f.get("master"), f.get("concurrent_tasks"));
    System.out.printf("  Spark start-up        %7.1f s%n", f.get("spark_startup_seconds"));
    System.out.printf(
        "  end to end            %7.1f s   %6.2f output Mpx/s%n",
        f.get("end_to_end_seconds"), f.get("end_to_end_mpx_per_second"));
    @SuppressWarnings("unchecked")
    Map<String, Double> steps = (Map<String, Double>) f.get("step_seconds");
    steps.forEach((step, s) -> System.out.printf("    %-28s %7.1f s%n", step, s));
    System.out.printf(
        "  model only            %14s %6.2f output Mpx/s (model-call time over the tasks)%n",
        "", f.get("model_only_mpx_per_second"));
    System.out.printf("  end to end / model only  %.2f%n", f.get("end_to_end_over_model_only"));
    System.out.printf(
        "  peak heap %.0f MB, peak resident memory %.0f MB%n",
        f.get("peak_heap_mb"), f.get("peak_rss_mb"));
    if (json != null) {
      Files.writeString(
          json,
          new GsonBuilder().setPrettyPrinting().create().toJson(f) + "\n",
          StandardCharsets.UTF_8);
      System.out.println("  figures written to " + json);
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

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
