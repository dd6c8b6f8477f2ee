package org.slideseg.jobs.bench;

import ai.djl.inference.Predictor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.slideseg.common.engine.TorchRuntime;
import org.slideseg.common.mask.PyramidTiffWriter;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.mask.TiffMetadata;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.LabelBatch;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.PredictionMode;
import org.slideseg.common.model.SegmentationModel;
import org.slideseg.common.model.WindowBatch;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.jobs.cli.Command;
import org.slideseg.jobs.cli.Option;
import org.slideseg.jobs.cli.Options;
import org.slideseg.jobs.cli.ParsedOptions;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.demo.BundledModel;

/**
 * {@code slideseg bench}: prints model throughput (windows and output megapixels per second) for
 * each batch size, and the speed and peak heap of streaming a large mask into a pyramidal TIFF.
 * Figures, not pass/fail: machines are shared and noisy.
 */
public final class BenchCommand implements Command {
  static final Options OPTIONS =
      new Options(
          "slideseg bench [--model <dir>] [--device cpu|gpu] [--threads <n>] [--batches 1,2,4]"
              + " [--windows <n>] [--tta] [--mask-side <pixels>] | [--model <dir>] (--slide-side <pixels> |"
              + " --slide <file>) [--copies <n>] [--master <url>] [--mask-format <f>] [--no-op-only]"
              + " [--warm-up-on-slide] [--json <file>]",
          "",
          List.of(
              Option.computed("model", "<dir>", "model directory", "the bundled ISBI 2012 model"),
              Option.of("device", "<d>", "cpu, gpu, gpu:N or auto", "cpu"),
              Option.computed("threads", "<n>", "PyTorch intra-op threads", "all cores"),
              Option.of("batches", "<list>", "batch sizes to time", "1,2,4"),
              Option.of(
                  "windows", "<n>", "windows timed per batch size, after one warm-up batch", "16"),
              Option.flag(
                  "tta",
                  "time the model with test-time augmentation (segment --tta): each window and its"
                      + " three mirrors in one call"),
              Option.of(
                  "mask-side", "<pixels>", "side of the square mask streamed into a TIFF", "40000"),
              Option.computed(
                  "slide-side",
                  "<pixels>",
                  "instead of the above, run the segment job on a generated EM slide of this side"
                      + " (embedded Spark, as bin/slideseg runs it), with the model and with a"
                      + " no-op network of the same windows, and report its steps and stages",
                  "no job"),
              Option.computed(
                  "slide", "<file>", "run the job as --slide-side does, on this slide", "no job"),
              Option.of("copies", "<n>", "with --slide-side or --slide: slides per run", "1"),
              Option.computed(
                  "master",
                  "<url>",
                  "with --slide-side or --slide: the Spark master, local[1,4] for one task slot",
                  "local[*,4]"),
              Option.of(
                  "mask-format",
                  "<tiff|ome-zarr|both>",
                  "with --slide-side or --slide: segment's --mask-format",
                  "tiff"),
              Option.flag(
                  "no-op-only", "with --slide-side or --slide: skip the run with the model"),
              Option.flag(
                  "warm-up-on-slide",
                  "with --slide-side or --slide: warm the JVM up with an unreported no-op run on"
                      + " the slide itself instead of a 1024 x 1024 one, so that the figures are"
                      + " those of a long-running executor, its JIT compilation done"),
              Option.computed(
                  "json", "<file>", "also write the job's figures to this JSON file", "none")));

  @Override
  public Usage usage() {
    return new Usage(
        "bench",
        "print model throughput per batch size and mask-writing speed and memory",
        OPTIONS);
  }

  @Override
  public int run(List<String> args) throws IOException, UsageException {
    ParsedOptions v = OPTIONS.parse(args);
    if (v.has("model")) {
      return run(v, Path.of(v.string("model")));
    }
    // The bundled model, from a copy of its own that goes when the bench ends, however it ends.
    Path copy = Files.createTempDirectory("slideseg-bench-model-");
    try {
      return run(v, BundledModel.extractTo(copy));
    } finally {
      JobBench.deleteTree(copy);
    }
  }

  private static int run(ParsedOptions v, Path model) throws IOException, UsageException {
    ComputeDevice device = v.device("device");
    if (v.has("slide-side") || v.has("slide")) {
      // A JVM of its own: the engine's threads are fixed when it starts, as the job sets them.
      JobBench.run(
          model,
          v.has("slide") ? Path.of(v.string("slide")) : null,
          v.has("slide") ? 0 : v.integer("slide-side", 1),
          new JobBench.Choices(
              v.integer("copies", 1),
              !v.flag("no-op-only"),
              v.flag("warm-up-on-slide"),
              v.string("master"),
              v.string("mask-format")),
          v.has("json") ? Path.of(v.string("json")) : null);
      return 0;
    }
    int threads = v.integer("threads", 1, Runtime.getRuntime().availableProcessors());
    List<Integer> batches = Arrays.stream(v.integers("batches", 1)).boxed().toList();
    benchModel(model, device, threads, batches, v.integer("windows", 1), v.flag("tta"));
    benchMaskWriter(v.integer("mask-side", 16));
    return 0;
  }

  private static void benchModel(
      Path dir, ComputeDevice device, int threads, List<Integer> batches, int windows, boolean tta)
      throws IOException {
    var modelDir = new ModelDirectory(dir.toAbsolutePath().toUri());
    Configuration conf = new Configuration();
    ModelSpec spec = modelDir.readSpec(conf);
    TorchRuntime.configure(threads);
    int in = spec.geometry().inputTile();
    int kept = spec.geometry().keptTile();
    System.out.printf(
        "model %s: %d x %d windows -> %d x %d kept, device %s, %d PyTorch threads%s%n",
        spec.name(),
        in,
        in,
        kept,
        kept,
        device,
        threads,
        tta ? ", test-time augmentation (4 copies per window)" : "");
    try (SegmentationModel model = modelDir.load(spec, conf, device, Precision.FP32);
        Predictor<WindowBatch, LabelBatch> predictor =
            model.newPredictor(new PredictionMode(false, tta))) {
      Random random = new Random(1);
      for (int batch : batches) {
        List<PixelRegion> regions = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          byte[] pixels = new byte[in * in * spec.inputChannels()];
          random.nextBytes(pixels);
          regions.add(new PixelRegion(in, in, spec.inputChannels(), pixels));
        }
        WindowBatch input = WindowBatch.of(regions, spec.inputChannels());
        predictor.predict(input); // warm-up: first calls allocate and pick kernels
        int calls = Math.max(1, windows / batch);
        long start = System.nanoTime();
        for (int c = 0; c < calls; c++) {
          predictor.predict(input);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = calls * batch / seconds;
        System.out.printf(
            "  batch %2d: %6.2f windows/s  %6.2f output Mpx/s  (%d windows in %.1f s)%n",
            batch, perSecond, perSecond * kept * kept / 1e6, calls * batch, seconds);
      }
    } catch (ai.djl.translate.TranslateException e) {
      throw new IOException("inference failed: " + e.getMessage(), e);
    }
  }

  /**
   * Streams a synthetic label mask row by row, as assembly does, and reports time and peak heap.
   */
  private static void benchMaskWriter(int side) throws IOException {
    Path file = Files.createTempFile("slideseg-bench-", ".tif");
    System.gc();
    resetPeaks();
    long start = System.nanoTime();
    byte[] band = new byte[side * 64];
    try (var writer =
        new PyramidTiffWriter(file, side, side, 256, Resampling.NEAREST, TiffMetadata.NONE)) {
      for (int y = 0; y < side; y += 64) {
        int rows = Math.min(64, side - y);
        for (int r = 0; r < rows; r++) {
          for (int x = 0; x < side; x++) {
            band[r * side + x] = (byte) (((x >> 5) + ((y + r) >> 5)) & 1);
          }
        }
        writer.writeRows(band, rows);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = peakHeap();
    System.out.printf(
        "mask writer: %d x %d (%.1f Gpx) in %.1f s = %.0f Mpx/s; file %.1f MB; "
            + "peak heap %.0f MB (a whole mask would be %.0f MB)%n",
        side,
        side,
        (double) side * side / 1e9,
        seconds,
        (double) side * side / seconds / 1e6,
        Files.size(file) / 1e6,
        peak / 1e6,
        (double) side * side / 1e6);
    Files.delete(file);
  }

  static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /**
   * The heap pools' peaks summed: an upper bound of the heap's peak, since eden, survivors and old
   * generation peak at different times (it can exceed -Xmx).
   */
  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
