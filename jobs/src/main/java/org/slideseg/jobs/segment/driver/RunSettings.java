package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.model.PredictionMode;
import org.slideseg.jobs.segment.records.SerializableConfiguration;
import org.slideseg.jobs.segment.records.TaskFailures;
import org.slideseg.jobs.segment.records.TaskSettings;

/** The settings a run's tasks receive, resolved from its options, model and Spark's settings. */
final class RunSettings {
  private RunSettings() {}

  static TaskSettings of(
      SparkSession spark,
      SegmentOptions options,
      PreRunChecks.CheckedRun checked,
      Configuration conf)
      throws IOException {
    SparkContext sc = spark.sparkContext();
    SegmentOptions.Compute compute = options.compute();
    SegmentOptions.Outputs outputs = options.outputs();
    return new TaskSettings(
        checked.modelDir(),
        checked.spec(),
        new TaskSettings.Compute(
            compute.device(),
            compute.precision(),
            torchThreads(spark, options),
            compute.batch(),
            new PredictionMode(outputs.probabilities(), compute.tta())),
        new TaskSettings.Outputs(
            outputs.maskFormat(), outputs.previewSize(), outputs.polygons(), outputs.simplify()),
        new TaskSettings.Run(
            options.run().runId(),
            OutputChoices.reuseKey(options, checked.modelDir().fingerprint(checked.spec(), conf)),
            TaskFailures.of(sc.master(), sc.getConf()),
            options.limits().taskTimeout()),
        new SerializableConfiguration(conf));
  }

  /**
   * PyTorch threads per task: the option, else spark.task.cpus, which is cores / concurrent tasks.
   */
  static int torchThreads(SparkSession spark, SegmentOptions options) {
    if (options.compute().threads() > 0) {
      return options.compute().threads();
    }
    return Integer.parseInt(spark.sparkContext().getConf().get("spark.task.cpus", "1"));
  }
}
