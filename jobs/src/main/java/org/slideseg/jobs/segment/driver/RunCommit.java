package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.SlideOutputRemoval;
import org.slideseg.jobs.segment.outputs.SlideRow;
import org.slideseg.jobs.segment.outputs.SlidesTable;
import org.slideseg.jobs.segment.records.SlideRef;

/**
 * The run's last step, under its lock: writes the slides table, removes what earlier runs wrote for
 * the slides that failed now (so that no stale result stays beside a FAILED row or comes back from
 * an old record), the optional outputs of OK slides that this run's options do not make, and the
 * copies an older slideseg wrote of this run's slides under other ids, then writes the manifest and
 * {@code _SUCCESS}. In that order, a crash anywhere leaves no OK row for a slide that failed, every
 * slide has a row, and a reader trusts what it finds.
 */
final class RunCommit {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommit.class);

  /** OK slides listed in the log at the end of a run; failed ones are all listed. */
  private static final int SLIDES_SHOWN = 50;

  private final SparkSession spark;
  private final SegmentOptions options;
  private final PreRunChecks.CheckedRun checked;

  RunCommit(SparkSession spark, SegmentOptions options, PreRunChecks.CheckedRun checked) {
    this.spark = spark;
    this.options = options;
    this.checked = checked;
  }

  /**
   * @param legacy this run's slides under the ids an older slideseg gave them, by old id
   */
  void commit(RunSummary summary, Map<String, SlideRef> legacy) throws IOException {
    OutputLayout layout = checked.layout();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    new SlidesTable(layout).write(spark, summary.slides());
    var removal = new SlideOutputRemoval(layout, conf);
    int probabilities = options.outputs().probabilities() ? checked.spec().classes().size() : 0;
    for (SlideRow slide : summary.slides()) {
      if (slide.ok()) {
        removal.optionalNotMade(
            slide.slideId(),
            options.outputs().maskFormat(),
            options.outputs().polygons(),
            probabilities);
      } else {
        removal.all(slide.slideId());
      }
    }
    for (var copy : legacy.entrySet()) {
      removal.all(copy.getKey());
      layout.fileSystem(conf).delete(layout.slides(copy.getKey()), true);
      LOG.warn(
          "{} was in this output under id {}, given by an older slideseg; it is now {}, and the"
              + " outputs under the old id are removed",
          copy.getValue().uri(),
          copy.getKey(),
          copy.getValue().slideId());
    }
    RunManifest.write(summary, options, checked.spec(), checked.modelDir(), conf);
    layout.fileSystem(conf).create(layout.success(), true).close();
    log(summary);
  }

  private void log(RunSummary summary) {
    summary.failures().forEach((id, error) -> LOG.error("slide {} FAILED: {}", id, error));
    LOG.info(
        "run {} finished in {} s: {} OK, {} FAILED; outputs in {}",
        summary.runId(),
        String.format("%.1f", summary.seconds()),
        summary.slideCount() - summary.failures().size(),
        summary.failures().size(),
        summary.layout().root());
    LOG.info("slides of run {}:\n{}", summary.runId(), summary.table(SLIDES_SHOWN));
  }
}
