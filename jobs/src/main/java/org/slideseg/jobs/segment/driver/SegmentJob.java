package org.slideseg.jobs.segment.driver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelFormat;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.PredictionMode;
import org.slideseg.common.tiling.TilePlan;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.RecordsKryoRegistrator;
import org.slideseg.jobs.segment.executor.SegmentWindows;
import org.slideseg.jobs.segment.executor.SlideInspector;
import org.slideseg.jobs.segment.executor.TaskDevice;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.executor.TaskTempFiles;
import org.slideseg.jobs.segment.outputs.CompletedSlide;
import org.slideseg.jobs.segment.outputs.OutputGuard;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.OutputLeftovers;
import org.slideseg.jobs.segment.outputs.RunLock;
import org.slideseg.jobs.segment.outputs.SlideOutputRemoval;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.SegmentedSlide;
import org.slideseg.jobs.segment.records.SerializableConfiguration;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.TaskFailures;
import org.slideseg.jobs.segment.records.TaskSettings;
import org.slideseg.jobs.segment.records.TileRows;
import org.slideseg.jobs.segment.records.WorkUnit;

/**
 * One run of the segmentation job on a SparkSession: discover, inspect, segment, write tiles,
 * assemble, summarise, commit. Inference runs once per window: the tiles are persisted while
 * failures are collected and written, and assembly reads back what was written.
 */
public final class SegmentJob {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentJob.class);

  /** OK slides listed in the log at the end of a run; failed ones are all listed. */
  private static final int SLIDES_SHOWN = 50;

  /** How the step times name a task stage's time summed over tasks: this, then its label. */
  public static final String TASKS = "tasks: ";

  /** Tile PNG bytes per file of the tiles table: HDFS's block size. */
  static final long TILE_FILE_BYTES = 128L << 20;

  /**
   * Row groups of the tiles table: a writer holds one in memory, so not Parquet's 128 MB; readers
   * that split files by row group get more to share out.
   */
  private static final long TILE_ROW_GROUP_BYTES = 16L << 20;

  private final SparkSession spark;
  private final SegmentOptions options;

  public SegmentJob(SparkSession spark, SegmentOptions options) {
    this.spark = spark;
    this.options = options.runId() != null ? options : options.withRunId(newRunId());
  }

  /**
   * Checks the output and that no other run holds it, then the model and the inputs, and throws
   * before anything is written if one is bad; then takes the output's lock and segments and
   * commits, holding it.
   */
  public RunSummary run() throws IOException, UsageException {
    long started = System.nanoTime();
    RecordsKryoRegistrator.check(spark.sparkContext().getConf());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputLayout layout = new OutputLayout(directoryUri(options.out(), conf).toString());
    OutputGuard.check(layout, conf);
    // A busy output is refused at once, not after the model probe; nothing is created until the
    // model has passed it.
    RunLock.refuseIfHeld(layout, conf);
    ModelDirectory modelDir = new ModelDirectory(directoryUri(options.model(), conf));
    ModelSpec spec = checkModel(modelDir, conf);
    List<SlideRef> refs = SlideDiscovery.discover(options.inputs(), conf);
    try (RunLock lock = RunLock.acquire(layout, options.runId(), conf)) {
      OutputLeftovers.remove(layout, conf);
      TaskTempFiles.removeOrphans(); // the driver's machine too: a local run's tasks ran here
      layout.fileSystem(conf).delete(layout.success(), false);
      TaskSettings settings = settings(modelDir, spec, conf);
      LOG.info(
          "run {}: {} slide(s), model {}, output {}",
          options.runId(),
          refs.size(),
          spec.name(),
          layout.root());
      Map<String, SlideRef> legacy = legacyCopies(refs, layout, conf);
      RunSummary summary = segment(refs, settings, modelDir, layout, started);
      lock.checkHeld();
      commit(summary, legacy, layout, conf);
      return summary;
    }
  }

  /**
   * The model's spec, once the model has proved it loads and runs here and the device asked for is
   * usable.
   */
  private ModelSpec checkModel(ModelDirectory modelDir, Configuration conf) throws UsageException {
    ModelSpec spec = readSpec(modelDir, conf);
    if (options.precision() == Precision.FP16 && spec.format() != ModelFormat.NPZ) {
      throw new UsageException(
          "--precision fp16 needs a model of format npz ("
              + modelDir.uri()
              + " is "
              + spec.format().jsonName()
              + "): DJL cannot cast a TorchScript module to half");
    }
    ModelProbe.check(modelDir, spec, torchThreads(), conf);
    checkDevice();
    return spec;
  }

  private RunSummary segment(
      List<SlideRef> refs,
      TaskSettings settings,
      ModelDirectory modelDir,
      OutputLayout layout,
      long started)
      throws IOException {
    Configuration conf = settings.hadoop().get();
    StepClock clock = new StepClock();
    Map<String, CompletedSlide> reused =
        clock.time(
            "reuse",
            () -> options.force() ? Map.of() : completedEarlier(refs, settings, layout, conf));
    List<SlideRef> todo = refs.stream().filter(r -> !reused.containsKey(r.slideId())).toList();
    Map<String, InspectedSlide> inspected =
        step(
            clock,
            "inspect",
            "inspect " + todo.size() + " slide(s)",
            () -> byId(inspect(todo, settings)));
    List<InspectedSlide> readable = inspected.values().stream().filter(InspectedSlide::ok).toList();
    TaskMeters meters = TaskMeters.register(spark.sparkContext());
    Map<String, SegmentedSlide> segmented;
    Map<String, AssembledSlide> assembled;
    RunProgress.Totals totals = totals(readable, settings.spec());
    try (var progress = new RunProgress(spark.sparkContext(), meters, totals)) {
      segmented = segmentAndWriteTiles(readable, totals.windows(), settings, layout, meters, clock);
      List<InspectedSlide> tiled =
          readable.stream()
              .filter(i -> segmented.get(i.slide().slideId()).error() == null)
              .toList();
      assembled =
          step(
              clock,
              "assemble masks and previews",
              "assemble the masks of " + tiled.size() + " slide(s)",
              () ->
                  new MaskAssembly(spark, options.runId())
                      .run(tiled, settings, layout, meters, progress));
    }
    meters.seconds().forEach((stage, seconds) -> clock.add(TASKS + stage, seconds));
    List<SlideOutcome> outcomes =
        SlideOutcome.fold(refs, reused, inspected, segmented, assembled, options.runId());
    double seconds = (System.nanoTime() - started) / 1e9;
    return new RunSummary(
        options, settings.spec(), modelDir, layout, outcomes, seconds, clock.seconds());
  }

  /**
   * Runs and times step {@code name} with {@code description} on its Spark jobs, so that the UI and
   * the event log say which step of which run each job is.
   */
  private <T> T step(StepClock clock, String name, String description, StepClock.Step<T> work)
      throws IOException {
    spark.sparkContext().setJobDescription("slideseg " + options.runId() + ": " + description);
    try {
      return clock.time(name, work);
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  private static RunProgress.Totals totals(List<InspectedSlide> slides, ModelSpec spec) {
    long windows = 0;
    long pixels = 0;
    for (InspectedSlide s : slides) {
      windows += new TilePlan(s.width(), s.height(), spec.geometry()).size();
      pixels += (long) s.width() * s.height();
    }
    return new RunProgress.Totals(slides.size(), windows, pixels);
  }

  static Map<String, InspectedSlide> byId(List<InspectedSlide> slides) {
    Map<String, InspectedSlide> out = new LinkedHashMap<>();
    slides.forEach(s -> out.put(s.slide().slideId(), s));
    return out;
  }

  /**
   * A GPU asked for must be usable: one task per task slot checks, before any slide is touched, and
   * the run stops with the first executor's reason, which names the libtorch it looked for.
   */
  private void checkDevice() throws UsageException {
    ComputeDevice device = options.device();
    if (!device.isGpu()) {
      return;
    }
    int slots = spark.sparkContext().defaultParallelism();
    List<Integer> probes = java.util.stream.IntStream.range(0, slots).boxed().toList();
    List<String> problems =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(probes, slots)
            .map(i -> TaskDevice.unusable(device))
            .filter(problem -> problem != null)
            .distinct()
            .collect();
    if (!problems.isEmpty()) {
      throw new UsageException(String.join("; ", problems));
    }
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
        options.reuseKey(modelDir.fingerprint(spec, conf)),
        options.device(),
        options.precision(),
        torchThreads(),
        options.batch(),
        options.previewSize(),
        options.runId(),
        TaskFailures.of(spark.sparkContext().master(), spark.sparkContext().getConf()),
        options.taskTimeout(),
        options.polygons(),
        options.simplify(),
        new PredictionMode(options.probabilities(), options.tta()),
        new SerializableConfiguration(conf));
  }

  /**
   * Writes the slides table, removes what earlier runs wrote for the slides that failed now (so
   * that no stale result stays beside a FAILED row or comes back from an old record), the optional
   * outputs of OK slides that this run's options do not make, and the copies an older slideseg
   * wrote of this run's slides under other ids, then writes the manifest and {@code _SUCCESS}. In
   * that order, a crash anywhere leaves no OK row for a slide that failed, every slide has a row,
   * and a reader trusts what it finds.
   */
  private void commit(
      RunSummary summary, Map<String, SlideRef> legacy, OutputLayout layout, Configuration conf)
      throws IOException {
    writing(layout.slides(), () -> summary.writeSlidesTable(spark));
    var removal = new SlideOutputRemoval(layout, conf);
    int probabilities = options.probabilities() ? summary.classCount() : 0;
    for (String id : summary.slideIds()) {
      if (summary.failures().containsKey(id)) {
        removal.all(id);
      } else {
        removal.optionalNotMade(id, options.polygons(), probabilities);
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
    summary.writeManifest(conf);
    layout.fileSystem(conf).create(layout.success(), true).close();
    summary.failures().forEach((id, error) -> LOG.error("slide {} FAILED: {}", id, error));
    LOG.info(
        "run {} finished in {} s: {} OK, {} FAILED; outputs in {}",
        options.runId(),
        String.format("%.1f", summary.seconds()),
        summary.slideCount() - summary.failures().size(),
        summary.failures().size(),
        layout.root());
    LOG.info("slides of run {}:\n{}", options.runId(), summary.table(SLIDES_SHOWN));
  }

  /**
   * Outputs of these slides under the ids an older slideseg gave them ({@link SlideRef#legacyIds}),
   * by old id: this run segments the slides under their ids and then removes those copies, so that
   * the output never holds a file twice.
   */
  private static Map<String, SlideRef> legacyCopies(
      List<SlideRef> refs, OutputLayout layout, Configuration conf) throws IOException {
    FileSystem fs = layout.fileSystem(conf);
    Map<String, SlideRef> copies = new LinkedHashMap<>();
    for (SlideRef ref : refs) {
      for (String id : ref.legacyIds()) {
        if (fs.exists(layout.slides(id))
            || fs.exists(layout.completed(id))
            || fs.exists(layout.tiles(id))
            || fs.exists(layout.mask(id))) {
          copies.put(id, ref);
        }
      }
    }
    return copies;
  }

  /**
   * Slides that an earlier run into this output finished under the same reuse key: the same model
   * files and every option that changes the outputs ({@link SegmentOptions#reuseKey}).
   */
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
    int timeout = settings.taskTimeout();
    SerializableConfiguration hadoop = settings.hadoop();
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(refs, refs.size())
        .map(
            ref ->
                SlideInspector.inspect(
                    ref, level, spec, minTissue, failures, timeout, hadoop.get()))
        .collect();
  }

  /**
   * Segments the slides' windows ({@code windows} in all) and writes the tiles of every slide whose
   * windows all succeeded; a slide's tiles are all written or none.
   */
  private Map<String, SegmentedSlide> segmentAndWriteTiles(
      List<InspectedSlide> slides,
      long windows,
      TaskSettings settings,
      OutputLayout layout,
      TaskMeters meters,
      StepClock clock)
      throws IOException {
    int perTask =
        windowsPerTask(
            windows, spark.sparkContext().defaultParallelism(), options.windowsPerTask());
    List<WorkUnit> units = workUnits(slides, settings.spec(), perTask);
    if (units.isEmpty()) {
      return Map.of();
    }
    // The rows are kept as they are, not as a DataFrame cache: Spark SQL's cache builds
    // compressed column batches of every tile's PNG, a quarter of a no-op run's CPU time. On local
    // disk only, so that the heap does not grow with the slide (README, Performance).
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(units, units.size())
            .flatMap(new SegmentWindows(settings, meters))
            .persist(StorageLevel.DISK_ONLY());
    try {
      Map<String, SegmentedSlide> out =
          step(
              clock,
              "segment",
              String.format("segment %d slide(s), %,d windows", slides.size(), windows),
              () -> segmentedSlides(rows));
      Object[] failed =
          out.values().stream()
              .filter(s -> s.error() != null)
              .map(SegmentedSlide::slideId)
              .toArray();
      step(
          clock,
          "write tiles",
          "write the tiles of " + (out.size() - failed.length) + " slide(s)",
          () -> {
            writeTiles(rows, out.values(), failed, layout);
            return null;
          });
      return out;
    } finally {
      rows.unpersist(false);
    }
  }

  /**
   * Each slide's part of the segment step, in the stage that segments: each task sums its rows by
   * slide and the driver merges the tasks' sums. A reduceByKey shuffled them into as many tasks
   * again as the segment step had (29 on the 16k bench slide, thousands on a large run) for one
   * record per slide.
   */
  private static Map<String, SegmentedSlide> segmentedSlides(JavaRDD<Row> rows) {
    return rows.aggregate(new HashMap<>(), SegmentJob::withRow, SegmentJob::together);
  }

  private static HashMap<String, SegmentedSlide> withRow(
      HashMap<String, SegmentedSlide> sums, Row row) {
    SegmentedSlide part = SegmentedSlide.of(row);
    sums.merge(part.slideId(), part, SegmentedSlide::plus);
    return sums;
  }

  private static HashMap<String, SegmentedSlide> together(
      HashMap<String, SegmentedSlide> sums, HashMap<String, SegmentedSlide> more) {
    more.values().forEach(part -> sums.merge(part.slideId(), part, SegmentedSlide::plus));
    return sums;
  }

  /**
   * How many files the tiles table's write makes: about one per {@link #TILE_FILE_BYTES} of tile
   * PNGs, at least one per task slot (while there are as many segment tasks) so that every core
   * writes, at most one per segment task. One file per segment task (64 windows) made thousands of
   * files of 1 MB or less per large slide, each with its own writer and commit rename (a copy on
   * S3).
   */
  private int tileFiles(Collection<SegmentedSlide> slides, JavaRDD<Row> rows) {
    long bytes = slides.stream().mapToLong(SegmentedSlide::tileBytes).sum();
    return tileFiles(bytes, spark.sparkContext().defaultParallelism(), rows.getNumPartitions());
  }

  static int tileFiles(long bytes, int slots, int segmentTasks) {
    long bySize = (bytes + TILE_FILE_BYTES - 1) / TILE_FILE_BYTES;
    return (int) Math.max(1, Math.min(segmentTasks, Math.max(slots, bySize)));
  }

  /**
   * Writes the rows of the slides that segmented without error (all but {@code failed}, their ids)
   * into the tiles table, replacing only their partitions.
   */
  private void writeTiles(
      JavaRDD<Row> rows, Collection<SegmentedSlide> slides, Object[] failed, OutputLayout layout)
      throws IOException {
    writing(
        layout.tiles(),
        () ->
            spark
                .createDataFrame(rows.coalesce(tileFiles(slides, rows)), TileRows.SCHEMA)
                .where(col(TileRows.ERROR).isNull())
                .where(not(col(TileRows.SLIDE_ID).isin(failed)))
                .selectExpr(TileRows.OUTPUT_COLUMNS.toArray(String[]::new))
                .write()
                .mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic")
                .option("parquet.block.size", TILE_ROW_GROUP_BYTES)
                .partitionBy(TileRows.SLIDE_ID)
                .parquet(layout.tiles().toString()));
  }

  /**
   * Runs a table write, naming the table and the underlying cause if it fails: Spark wraps a
   * storage error in layers whose messages say nothing (a full disk at commit surfaces as
   * "ExecutionException: Boxed Exception").
   */
  private static void writing(Path table, Runnable write) throws IOException {
    try {
      write.run();
    } catch (Exception e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      throw new IOException(
          "writing "
              + table
              + " failed: "
              + cause.getClass().getSimpleName()
              + ": "
              + cause.getMessage(),
          e);
    }
  }

  /**
   * Windows per segment task: {@code max} (--windows-per-task), or fewer where the run has too few
   * windows to give every task slot work, so a small run still uses every core (a 2048 x 2048 slide
   * is 36 windows of the bundled model: one task of 64 kept one of two cores idle).
   */
  static int windowsPerTask(long windows, int slots, int max) {
    long even = (windows + slots - 1) / Math.max(1, slots);
    return (int) Math.max(1, Math.min(max, even));
  }

  /** Each slide's windows in the tile plan's order, cut into runs of at most {@code perTask}. */
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

  /**
   * UTC time and 48 random bits: two runs started in the same second still differ (24 bits gave two
   * equal ids among a thousand in one second about once in 30 tries).
   */
  static String newRunId() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + HexFormat.of().toHexDigits(new SecureRandom().nextLong()).substring(4);
  }
}
