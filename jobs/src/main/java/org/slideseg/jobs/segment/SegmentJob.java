package org.slideseg.jobs.segment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.jobs.UsageException;

/**
 * One run of the segmentation job on a SparkSession: discover, inspect, segment, write tiles,
 * assemble, summarise, commit. Inference runs once per window: the tiles are persisted while
 * failures are collected and written, and assembly reads back what was written.
 */
public final class SegmentJob {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentJob.class);

  private final SparkSession spark;
  private final SegmentOptions options;

  public SegmentJob(SparkSession spark, SegmentOptions options) {
    this.spark = spark;
    this.options = options.runId() != null ? options : options.withRunId(newRunId());
  }

  /**
   * Checks the output, the model and the inputs, and throws before any Spark task runs if one is
   * bad; then holds the output's lock while it segments and commits.
   */
  public RunSummary run() throws IOException, UsageException {
    long started = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputLayout layout = new OutputLayout(directoryUri(options.out(), conf).toString());
    OutputGuard.check(layout, conf);
    ModelDirectory modelDir = new ModelDirectory(directoryUri(options.model(), conf));
    ModelSpec spec = readSpec(modelDir, conf);
    ModelProbe.check(modelDir, spec, torchThreads(), conf);
    List<SlideRef> refs = SlideDiscovery.discover(options.inputs(), conf);
    try (RunLock lock = RunLock.acquire(layout, options.runId(), conf)) {
      layout.success().getFileSystem(conf).delete(layout.success(), false);
      TaskSettings settings = settings(modelDir, spec, conf);
      LOG.info(
          "run {}: {} slide(s), model {}, output {}",
          options.runId(),
          refs.size(),
          spec.name(),
          layout.root());
      RunSummary summary = segment(refs, settings, modelDir, layout, started);
      lock.checkHeld();
      commit(summary, layout, conf);
      return summary;
    }
  }

  private RunSummary segment(
      List<SlideRef> refs,
      TaskSettings settings,
      ModelDirectory modelDir,
      OutputLayout layout,
      long started)
      throws IOException {
    Configuration conf = settings.hadoop().get();
    Map<String, CompletedSlide> reused =
        options.force() ? Map.of() : completedEarlier(refs, settings, layout, conf);
    List<SlideRef> todo = refs.stream().filter(r -> !reused.containsKey(r.slideId())).toList();
    List<InspectedSlide> inspected = new ArrayList<>(inspect(todo, settings));
    Map<String, String> failures = new LinkedHashMap<>();
    Map<String, InspectedSlide> ok = withoutFailures(inspected, failures);
    Map<String, Double> segmentSeconds = segmentAndWriteTiles(ok, settings, layout, failures);
    ok.keySet().removeAll(failures.keySet());
    Map<String, AssembledSlide> assembled = assemble(ok, settings, layout);
    assembled.values().stream()
        .filter(a -> a.error() != null)
        .forEach(a -> failures.put(a.slideId(), a.error()));
    reused.forEach(
        (id, c) -> {
          inspected.add(c.inspected());
          assembled.put(id, c.assembled());
        });
    return new RunSummary(
        options,
        settings.spec(),
        modelDir,
        layout,
        inspected,
        segmentSeconds,
        assembled,
        runIds(reused),
        failures,
        (System.nanoTime() - started) / 1e9);
  }

  private static ModelSpec readSpec(ModelDirectory modelDir, Configuration conf)
      throws UsageException {
    try {
      return modelDir.readSpec(conf);
    } catch (IllegalArgumentException | IOException e) {
      throw new UsageException("--model: " + e.getMessage());
    }
  }

  private TaskSettings settings(ModelDirectory modelDir, ModelSpec spec, Configuration conf)
      throws IOException {
    return new TaskSettings(
        modelDir,
        spec,
        reuseKey(modelDir.fingerprint(spec, conf)),
        options.device(),
        torchThreads(),
        options.batch(),
        options.previewSize(),
        options.runId(),
        TaskFailures.of(spark.sparkContext().master(), spark.sparkContext().getConf()),
        new SerializableConfiguration(conf));
  }

  /** Records the slides that failed inspection in {@code failures}; returns the others by id. */
  private static Map<String, InspectedSlide> withoutFailures(
      List<InspectedSlide> inspected, Map<String, String> failures) {
    Map<String, InspectedSlide> ok = new LinkedHashMap<>();
    for (InspectedSlide s : inspected) {
      if (s.ok()) {
        ok.put(s.slide().slideId(), s);
      } else {
        failures.put(s.slide().slideId(), s.error());
      }
    }
    return ok;
  }

  private static Map<String, String> runIds(Map<String, CompletedSlide> reused) {
    Map<String, String> ids = new LinkedHashMap<>();
    reused.forEach((id, c) -> ids.put(id, c.runId()));
    return ids;
  }

  /**
   * Writes the slides table, removes what earlier runs wrote for the slides that failed now (so
   * that no stale result stays beside a FAILED row or comes back from an old record), then writes
   * the manifest and {@code _SUCCESS}. In that order, a crash anywhere leaves no OK row for a slide
   * that failed, and a reader trusts what it finds.
   */
  private void commit(RunSummary summary, OutputLayout layout, Configuration conf)
      throws IOException {
    summary.writeSlidesTable(spark);
    for (String id : summary.failures().keySet()) {
      removeOutputs(id, layout, conf);
    }
    summary.writeManifest(conf);
    layout.success().getFileSystem(conf).create(layout.success(), true).close();
    summary.failures().forEach((id, error) -> LOG.error("slide {} FAILED: {}", id, error));
    LOG.info(
        "run {} finished in {} s: {} OK, {} FAILED; outputs in {}",
        options.runId(),
        String.format("%.1f", summary.seconds()),
        summary.slideCount() - summary.failures().size(),
        summary.failures().size(),
        layout.root());
  }

  /** The completion record first: without it nothing of the slide is reused. */
  private static void removeOutputs(String slideId, OutputLayout layout, Configuration conf)
      throws IOException {
    FileSystem fs = new Path(layout.root()).getFileSystem(conf);
    fs.delete(layout.completed(slideId), false);
    fs.delete(layout.tiles(slideId), true);
    fs.delete(layout.mask(slideId), false);
    fs.delete(layout.preview(slideId), false);
  }

  /** Slides that an earlier run into this output finished with the same model and level option. */
  private static Map<String, CompletedSlide> completedEarlier(
      List<SlideRef> refs, TaskSettings settings, OutputLayout layout, Configuration conf)
      throws IOException {
    Map<String, CompletedSlide> done = new LinkedHashMap<>();
    for (SlideRef ref : refs) {
      CompletedSlide.find(ref, settings.reuseKey(), layout, conf)
          .ifPresent(c -> done.put(ref.slideId(), c));
    }
    if (!done.isEmpty()) {
      LOG.info(
          "{} slide(s) already done by an earlier run into this output, reused: {}",
          done.size(),
          done.keySet());
    }
    return done;
  }

  private List<InspectedSlide> inspect(List<SlideRef> refs, TaskSettings settings) {
    if (refs.isEmpty()) {
      return List.of();
    }
    int level = options.level();
    double minTissue = options.minTissue();
    ModelSpec spec = settings.spec();
    TaskFailures failures = settings.failures();
    SerializableConfiguration hadoop = settings.hadoop();
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(refs, refs.size())
        .map(ref -> SlideInspector.inspect(ref, level, spec, minTissue, failures, hadoop.get()))
        .collect();
  }

  /** Returns the seconds the segment tasks spent per slide. */
  private Map<String, Double> segmentAndWriteTiles(
      Map<String, InspectedSlide> slides,
      TaskSettings settings,
      OutputLayout layout,
      Map<String, String> failures) {
    List<WorkUnit> units = workUnits(slides.values(), settings.spec(), options.windowsPerTask());
    if (units.isEmpty()) {
      return Map.of();
    }
    var rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(units, units.size())
            .flatMap(new SegmentWindows(settings));
    Dataset<Row> tiles =
        spark.createDataFrame(rows, TileRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // One pass over the persisted tiles for both: a slide's first error and its task seconds.
      Map<String, Double> seconds = new HashMap<>();
      for (Row r :
          tiles
              .groupBy(TileRows.SLIDE_ID)
              .agg(sum(TileRows.SECONDS), max(TileRows.ERROR))
              .collectAsList()) {
        seconds.put(r.getString(0), r.getDouble(1));
        if (!r.isNullAt(2)) {
          failures.putIfAbsent(r.getString(0), r.getString(2));
        }
      }
      // Tiles of a slide that failed anywhere are not written: a slide's tiles are all there or
      // none.
      tiles
          .where(col(TileRows.ERROR).isNull())
          .where(not(col(TileRows.SLIDE_ID).isin(failures.keySet().toArray())))
          .selectExpr(TileRows.OUTPUT_COLUMNS.toArray(String[]::new))
          .write()
          .mode(SaveMode.Overwrite)
          .option("partitionOverwriteMode", "dynamic")
          .partitionBy(TileRows.SLIDE_ID)
          .parquet(layout.tiles().toString());
      return seconds;
    } finally {
      tiles.unpersist();
    }
  }

  /** Each slide's windows in raster order, cut into runs of at most {@code perTask}. */
  static List<WorkUnit> workUnits(Iterable<InspectedSlide> slides, ModelSpec spec, int perTask) {
    List<WorkUnit> units = new ArrayList<>();
    for (InspectedSlide s : slides) {
      int windows = new TilePlan(s.width(), s.height(), spec.geometry()).size();
      for (int first = 0; first < windows; first += perTask) {
        units.add(new WorkUnit(s, first, Math.min(windows, first + perTask)));
      }
    }
    return units;
  }

  private Map<String, AssembledSlide> assemble(
      Map<String, InspectedSlide> slides, TaskSettings settings, OutputLayout layout) {
    Map<String, AssembledSlide> out = new HashMap<>();
    if (slides.isEmpty()) {
      return out;
    }
    Dataset<Row> tiles =
        spark
            .read()
            .schema(TileRows.OUTPUT_SCHEMA)
            .parquet(layout.tiles().toString())
            .where(col("run_id").equalTo(options.runId()))
            .where(col(TileRows.SLIDE_ID).isin(slides.keySet().toArray()))
            .repartition(slides.size(), col(TileRows.SLIDE_ID))
            .sortWithinPartitions(TileRows.SLIDE_ID, "y", "x");
    for (AssembledSlide a :
        tiles
            .mapPartitions(
                new AssembleMasks(slides, settings, layout),
                Encoders.javaSerialization(AssembledSlide.class))
            .collectAsList()) {
      out.put(a.slideId(), a);
    }
    for (String id : slides.keySet()) {
      out.computeIfAbsent(
          id,
          k ->
              new AssembledSlide(
                  k,
                  null,
                  new long[settings.spec().classes().size()],
                  0,
                  0,
                  "no mask tiles were written"));
    }
    return out;
  }

  /**
   * The model files and every option that changes a slide's outputs; the slide's version is in its
   * record.
   */
  private String reuseKey(String modelFingerprint) {
    return String.join(
        ";",
        "model=" + modelFingerprint,
        "level=" + options.level(),
        "min-tissue=" + options.minTissue());
  }

  /**
   * PyTorch threads per task: the option, else spark.task.cpus, which is cores / concurrent tasks.
   */
  private int torchThreads() {
    if (options.threads() > 0) {
      return options.threads();
    }
    return Integer.parseInt(spark.sparkContext().getConf().get("spark.task.cpus", "1"));
  }

  private static URI directoryUri(String location, Configuration conf) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    return fs.makeQualified(path).toUri();
  }

  /** UTC time and 24 random bits: two runs started in the same second still differ. */
  static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + HexFormat.of().toHexDigits(new SecureRandom().nextInt()).substring(2);
  }
}
