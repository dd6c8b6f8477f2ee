package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.executor.TaskTempFiles;
import org.slideseg.jobs.segment.outputs.CompletedSlide;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.OutputLeftovers;
import org.slideseg.jobs.segment.outputs.RunLock;
import org.slideseg.jobs.segment.outputs.TilesTable;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.SegmentedSlide;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.TaskSettings;

/**
 * One run of the segmentation job on a SparkSession, as the steps it runs: checks before any Spark
 * work, then under the output's lock reuse, inspect, plan, segment (and write tiles), assemble,
 * fold the slides' outcomes, commit, and remove the run's staged copies of remote slides.
 */
public final class SegmentJob {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentJob.class);

  private final SparkSession spark;
  private final SegmentOptions options;

  public SegmentJob(SparkSession spark, SegmentOptions options) {
    this.spark = spark;
    this.options = options;
  }

  /**
   * Checks the output and that no other run holds it, then the model and the inputs, and throws
   * before anything is written if one is bad; then takes the output's lock and segments and
   * commits, holding it.
   */
  public RunSummary run() throws IOException, UsageException {
    long started = System.nanoTime();
    PreRunChecks.CheckedRun checked = PreRunChecks.check(spark, options);
    OutputLayout layout = checked.layout();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try (RunLock lock = RunLock.acquire(layout, options.run().runId(), conf)) {
      OutputLeftovers.remove(layout, conf);
      TaskTempFiles.removeOrphans(); // the driver's machine too: a local run's tasks ran here
      layout.fileSystem(conf).delete(layout.success(), false);
      TaskSettings settings = RunSettings.of(spark, options, checked, conf);
      LOG.info(
          "run {}: {} slide(s), model {}, output {}",
          options.run().runId(),
          checked.slides().size(),
          checked.spec().name(),
          layout.root());
      Map<String, SlideRef> legacy = EarlierOutputs.legacyCopies(checked.slides(), layout, conf);
      RunSummary summary = segment(checked, settings, started);
      lock.checkHeld();
      new RunCommit(spark, options, checked).commit(summary, legacy);
      StagedCopies.remove(spark.sparkContext(), options.run().runId(), checked.slides());
      return summary;
    }
  }

  private RunSummary segment(PreRunChecks.CheckedRun checked, TaskSettings settings, long started)
      throws IOException {
    SparkContext sc = spark.sparkContext();
    OutputLayout layout = checked.layout();
    ModelSpec spec = checked.spec();
    List<SlideRef> refs = checked.slides();
    StepClock clock = new StepClock(sc, options.run().runId());
    Map<String, CompletedSlide> reused =
        clock.time(
            "reuse",
            () ->
                options.run().force()
                    ? Map.of()
                    : EarlierOutputs.completed(
                        refs, settings.run().reuseKey(), layout, sc.hadoopConfiguration()));
    List<SlideRef> todo = refs.stream().filter(r -> !reused.containsKey(r.slideId())).toList();
    Map<String, InspectedSlide> inspected =
        clock.job(
            "inspect",
            "inspect " + todo.size() + " slide(s)",
            () -> InspectStep.run(spark, todo, options, settings));
    List<InspectedSlide> readable = inspected.values().stream().filter(InspectedSlide::ok).toList();
    WorkPlan plan =
        WorkPlan.of(readable, spec, sc.defaultParallelism(), options.limits().windowsPerTask());
    TaskMeters meters = TaskMeters.register(sc);
    Map<String, SegmentedSlide> segmented;
    Map<String, AssembledSlide> assembled;
    try (var progress = new RunProgress(sc, meters, plan.totals())) {
      segmented = new SegmentStep(spark, settings, meters, clock).run(plan, new TilesTable(layout));
      List<InspectedSlide> tiled =
          readable.stream()
              .filter(i -> segmented.get(i.slide().slideId()).error() == null)
              .toList();
      assembled =
          clock.job(
              "assemble masks and previews",
              "assemble the masks of " + tiled.size() + " slide(s)",
              () ->
                  new MaskAssembly(spark, options.run().runId())
                      .run(tiled, settings, layout, meters, progress));
    }
    List<SlideOutcome> outcomes =
        SlideOutcome.fold(refs, reused, inspected, segmented, assembled, options.run().runId());
    return new RunSummary(
        options.run().runId(),
        layout,
        spec.classes(),
        outcomes.stream().map(o -> o.row(spec.name())).toList(),
        outcomes.stream().filter(SlideOutcome::reused).map(SlideOutcome::slideId).toList(),
        (System.nanoTime() - started) / 1e9,
        clock.seconds(),
        meters.seconds());
  }
}
