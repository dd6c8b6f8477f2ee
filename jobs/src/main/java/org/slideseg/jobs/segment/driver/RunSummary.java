package org.slideseg.jobs.segment.driver;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.jobs.segment.outputs.Manifest;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.InspectedSlide;

/** The per-slide outcome of a run: the {@code slides/} table and {@code _manifest.json}. */
public final class RunSummary {
  public static final String OK = "OK";
  public static final String FAILED = "FAILED";

  static final StructType SLIDES_SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("slide_id", DataTypes.StringType, false),
            DataTypes.createStructField("uri", DataTypes.StringType, false),
            DataTypes.createStructField("width", DataTypes.IntegerType, true),
            DataTypes.createStructField("height", DataTypes.IntegerType, true),
            DataTypes.createStructField("level", DataTypes.IntegerType, true),
            DataTypes.createStructField("downsample", DataTypes.DoubleType, true),
            DataTypes.createStructField("mpp", DataTypes.DoubleType, true),
            DataTypes.createStructField("model", DataTypes.StringType, false),
            DataTypes.createStructField("tiles_total", DataTypes.IntegerType, false),
            DataTypes.createStructField("tiles_skipped", DataTypes.IntegerType, false),
            DataTypes.createStructField(
                "class_pixels", DataTypes.createArrayType(DataTypes.LongType, false), true),
            DataTypes.createStructField(
                "class_fraction", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
            DataTypes.createStructField("seconds", DataTypes.DoubleType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("error", DataTypes.StringType, true),
            DataTypes.createStructField("mask_uri", DataTypes.StringType, true),
            DataTypes.createStructField("run_id", DataTypes.StringType, false),
            DataTypes.createStructField(
                "devices", DataTypes.createArrayType(DataTypes.StringType, false), false),
            // Last, so that tables written before it existed still line up column by column.
            DataTypes.createStructField(
                "class_area_um2", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
            DataTypes.createStructField(
                "class_regions", DataTypes.createArrayType(DataTypes.LongType, false), true),
            DataTypes.createStructField(
                "probability_uris", DataTypes.createArrayType(DataTypes.StringType, false), true),
          });

  private final SegmentOptions options;
  private final ModelSpec spec;
  private final ModelDirectory modelDir;
  private final OutputLayout layout;
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final List<String> reused = new ArrayList<>();
  private final SortedSet<String> devices = new TreeSet<>();
  private final double seconds;
  private final Map<String, Double> stepSeconds;

  RunSummary(
      SegmentOptions options,
      ModelSpec spec,
      ModelDirectory modelDir,
      OutputLayout layout,
      List<SlideOutcome> outcomes,
      double seconds,
      Map<String, Double> stepSeconds) {
    this.options = options;
    this.stepSeconds = stepSeconds; // immutable, in step order (StepClock)
    this.spec = spec;
    this.modelDir = modelDir;
    this.layout = layout;
    this.seconds = seconds;
    for (SlideOutcome o : outcomes) {
      rows.add(row(o));
      if (!o.ok()) {
        failures.put(o.slideId(), o.error());
      }
      if (o.reused()) {
        reused.add(o.slideId());
      }
      devices.addAll(o.devices());
    }
  }

  private Row row(SlideOutcome o) {
    InspectedSlide s = o.inspected();
    AssembledSlide a = o.assembled();
    long[] classPixels = a == null ? null : a.classPixels();
    Long[] pixels =
        classPixels == null ? null : LongStream.of(classPixels).boxed().toArray(Long[]::new);
    Double[] fractions = classPixels == null ? null : fractions(classPixels);
    Double[] areas =
        classPixels == null || Double.isNaN(s.mpp()) ? null : areas(classPixels, s.mpp());
    return RowFactory.create(
        s.slide().slideId(),
        s.slide().uri().toString(),
        s.ok() ? s.width() : null,
        s.ok() ? s.height() : null,
        s.ok() ? s.level() : null,
        s.ok() ? s.downsample() : null,
        Double.isNaN(s.mpp()) ? null : s.mpp(),
        spec.name(),
        a == null ? 0 : a.tiles(),
        s.tilesSkipped(),
        pixels,
        fractions,
        o.seconds(),
        o.ok() ? OK : FAILED,
        o.error(),
        a == null ? null : a.maskUri(),
        o.runId(),
        o.devices().toArray(String[]::new),
        areas,
        a == null || a.classRegions() == null
            ? null
            : LongStream.of(a.classRegions()).boxed().toArray(Long[]::new),
        a == null || a.probabilityUris() == null
            ? null
            : a.probabilityUris().toArray(String[]::new));
  }

  /** Each class's share of the mask's pixels; 0 each for an empty mask. */
  private static Double[] fractions(long[] classPixels) {
    long total = LongStream.of(classPixels).sum();
    return LongStream.of(classPixels)
        .mapToObj(p -> total == 0 ? 0.0 : (double) p / total)
        .toArray(Double[]::new);
  }

  /** Each class's area in square microns, at the microns per pixel of the segmented level. */
  private static Double[] areas(long[] classPixels, double mpp) {
    return LongStream.of(classPixels).mapToObj(p -> p * mpp * mpp).toArray(Double[]::new);
  }

  /** Slides that failed in this run, with their reasons. */
  public Map<String, String> failures() {
    return Collections.unmodifiableMap(failures);
  }

  /** The ids of this run's slides, reused ones included, in the order of the inputs. */
  public List<String> slideIds() {
    return rows.stream().map(r -> r.getString(0)).toList();
  }

  /** The model's class count. */
  public int classCount() {
    return spec.classes().size();
  }

  public int slideCount() {
    return rows.size();
  }

  /** Wall seconds of each step before the commit, in the order they ran ({@link StepClock}). */
  public Map<String, Double> stepSeconds() {
    return stepSeconds;
  }

  public double seconds() {
    return seconds;
  }

  /**
   * The run's slides as a short table for the log: status, size, seconds, class fractions and the
   * start of any error; every failed slide, and the first {@code maxOk} of the others.
   */
  String table(int maxOk) {
    StringBuilder out =
        new StringBuilder(
            String.format("%-32s %-9s %-13s %8s", "slide", "status", "size", "seconds"));
    spec.classes().forEach(c -> out.append(String.format(" %9.9s", c)));
    out.append("  error");
    int shown = 0;
    for (Row r : rows) {
      boolean ok = OK.equals(r.getString(13));
      if (ok && shown++ >= maxOk) {
        continue;
      }
      String status = !ok ? FAILED : reused.contains(r.getString(0)) ? "OK reused" : OK;
      String size = r.isNullAt(2) ? "" : r.getInt(2) + " x " + r.getInt(3);
      out.append(
          String.format("%n%-32s %-9s %-13s %8.1f", r.getString(0), status, size, r.getDouble(12)));
      Double[] fractions = r.isNullAt(11) ? new Double[0] : (Double[]) r.get(11); // as row() made
      for (int c = 0; c < spec.classes().size(); c++) {
        out.append(c < fractions.length ? String.format(" %9.4f", fractions[c]) : " ".repeat(10));
      }
      String error = r.isNullAt(14) ? "" : r.getString(14);
      out.append("  ").append(error.length() > 100 ? error.substring(0, 97) + "..." : error);
    }
    if (shown > maxOk) {
      out.append(
          String.format("%n... and %d more OK slide(s): see %s", shown - maxOk, layout.slides()));
    }
    return out.toString();
  }

  /**
   * Replaces the rows of this run's slides, one partition per slide, and keeps every other slide's:
   * the table describes every slide in the output, whichever run wrote it.
   */
  void writeSlidesTable(SparkSession spark) {
    spark
        .createDataFrame(rows, SLIDES_SCHEMA)
        .repartition(col(OutputLayout.PARTITION))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(OutputLayout.PARTITION)
        .parquet(layout.slides().toString());
  }

  void writeManifest(Configuration conf) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", options.runId());
    m.put("finished", Instant.now().toString());
    m.put("seconds", seconds);
    m.put("step_seconds", stepSeconds);
    m.put("model", modelEntry());
    m.put("options", optionsEntry());
    m.put(
        "slides",
        inOrder(
            "total", rows.size(), "ok", rows.size() - failures.size(), "failed", failures.size()));
    m.put("failures", failures);
    m.put("reused_from_earlier_runs", reused);
    m.put("devices", devices);
    m.put(
        "outputs",
        inOrder(
            "tiles",
            layout.tiles().toString(),
            "slides",
            layout.slides().toString(),
            "masks",
            layout.masks().toString()));
    Manifest.write(layout, conf, m);
  }

  /** The manifest's record of the model: where it was read and its geometry and classes. */
  private Map<String, Object> modelEntry() {
    return inOrder(
        "name",
        spec.name(),
        "directory",
        modelDir.uri().toString(),
        "input_tile",
        spec.geometry().inputTile(),
        "output_tile",
        spec.geometry().outputTile(),
        "classes",
        spec.classes());
  }

  /**
   * The manifest's record of the options: the inputs, every option that changes the outputs (the
   * reuse key's), then how the run was made.
   */
  private Map<String, Object> optionsEntry() {
    Map<String, Object> m = inOrder("inputs", options.inputs());
    options.outputChoices().forEach((option, value) -> m.put(option.replace('-', '_'), value));
    m.putAll(
        inOrder(
            "batch",
            options.batch(),
            "device",
            options.device().toString(),
            "windows_per_task",
            options.windowsPerTask(),
            "force",
            options.force()));
    return m;
  }

  /**
   * A map of {@code key, value, key, value, ...} that keeps that order: JSON readers see the same
   * manifest from run to run ({@code Map.of}'s order changes with each JVM).
   */
  private static Map<String, Object> inOrder(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
