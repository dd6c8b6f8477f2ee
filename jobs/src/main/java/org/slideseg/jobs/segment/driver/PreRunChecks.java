package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelFormat;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.Precision;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.RecordsKryoRegistrator;
import org.slideseg.jobs.segment.executor.TaskDevice;
import org.slideseg.jobs.segment.outputs.OutputGuard;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.RunLock;
import org.slideseg.jobs.segment.records.SlideRef;

/**
 * What a run checks before it writes anything, cheapest first: Spark's serializer settings, that
 * the output holds only what slideseg wrote and no other run holds it, that the model loads and
 * runs here and the device asked for is usable, and the inputs. Each refuses with the reason.
 */
final class PreRunChecks {
  /** What the checks found: where the run writes, its model and its slides. */
  record CheckedRun(
      OutputLayout layout, ModelDirectory modelDir, ModelSpec spec, List<SlideRef> slides) {}

  private PreRunChecks() {}

  static CheckedRun check(SparkSession spark, SegmentOptions options)
      throws IOException, UsageException {
    RecordsKryoRegistrator.check(spark.sparkContext().getConf());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputLayout layout = new OutputLayout(directoryUri(options.outputs().dir(), conf).toString());
    OutputGuard.check(layout, conf);
    // A busy output is refused at once, not after the model probe; nothing is created until the
    // model has passed it.
    RunLock.refuseIfHeld(layout, conf);
    ModelDirectory modelDir = new ModelDirectory(directoryUri(options.inputs().model(), conf));
    ModelSpec spec = checkModel(spark, options, modelDir, conf);
    return new CheckedRun(
        layout, modelDir, spec, SlideDiscovery.discover(options.inputs().slides(), conf));
  }

  /**
   * The model's spec, once the model has proved it loads and runs here and the device asked for is
   * usable.
   */
  private static ModelSpec checkModel(
      SparkSession spark, SegmentOptions options, ModelDirectory modelDir, Configuration conf)
      throws UsageException {
    ModelSpec spec = readSpec(modelDir, conf);
    if (options.compute().precision() == Precision.FP16 && spec.format() != ModelFormat.NPZ) {
      throw new UsageException(
          "--precision fp16 needs a model of format npz ("
              + modelDir.uri()
              + " is "
              + spec.format().jsonName()
              + "): DJL cannot cast a TorchScript module to half");
    }
    ModelProbe.check(modelDir, spec, RunSettings.torchThreads(spark, options), conf);
    checkDevice(spark, options.compute().device());
    return spec;
  }

  private static ModelSpec readSpec(ModelDirectory modelDir, Configuration conf)
      throws UsageException {
    try {
      return modelDir.readSpec(conf);
    } catch (IllegalArgumentException | IOException e) {
      throw new UsageException("--model: " + e.getMessage());
    }
  }

  /**
   * A GPU asked for must be usable: one task per task slot checks, before any slide is touched, and
   * the run stops with the first executor's reason, which names the libtorch it looked for.
   */
  private static void checkDevice(SparkSession spark, ComputeDevice device) throws UsageException {
    if (!device.isGpu()) {
      return;
    }
    int slots = spark.sparkContext().defaultParallelism();
    List<String> problems =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(IntStream.range(0, slots).boxed().toList(), slots)
            .map(i -> TaskDevice.unusable(device))
            .filter(problem -> problem != null)
            .distinct()
            .collect();
    if (!problems.isEmpty()) {
      throw new UsageException(String.join("; ", problems));
    }
  }

  private static URI directoryUri(String location, Configuration conf) throws IOException {
    Path path = new Path(location);
    return path.getFileSystem(conf).makeQualified(path).toUri();
  }
}
