package org.slideseg.jobs.segment.driver;

import java.util.List;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.Precision;
import org.slideseg.jobs.cli.Option;
import org.slideseg.jobs.cli.Options;
import org.slideseg.jobs.cli.ParsedOptions;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.records.MaskFormat;

/**
 * The resolved options of one {@code segment} run, in named groups. Precedence: command line, then
 * the properties file given by {@code --config} (same keys as the long options), then the defaults
 * declared in {@link #OPTIONS}. Resolved once on the driver; executors receive only the values they
 * need.
 */
public record SegmentOptions(
    Inputs inputs, Outputs outputs, Compute compute, Limits limits, RunChoices run) {

  /**
   * What is segmented.
   *
   * @param slides URIs, globs or {@code @list} files, as given
   * @param level pyramid level to segment, or -1 for automatic (the model's resolution where both
   *     the model and the slide declare microns per pixel, else level 0)
   * @param minTissue windows with a smaller share of tissue are skipped as background; 0 runs all
   */
  public record Inputs(List<String> slides, String model, int level, double minTissue) {
    public Inputs {
      slides = List.copyOf(slides);
    }
  }

  /**
   * What is written, and where.
   *
   * @param polygons also write each class's regions as polygons (masks/<id>.geojson)
   * @param simplify with polygons, the tolerance in pixels of their coverage simplification; 0:
   *     exact
   * @param probabilities also write each class's probabilities as 8-bit pyramids
   */
  public record Outputs(
      String dir,
      MaskFormat maskFormat,
      int previewSize,
      boolean polygons,
      double simplify,
      boolean probabilities) {}

  /**
   * How the model runs.
   *
   * @param threads PyTorch threads per task, or 0 for spark.task.cpus
   * @param tta test-time augmentation (mirrored copies of every window, averaged)
   */
  public record Compute(
      ComputeDevice device, Precision precision, int batch, int threads, boolean tta) {}

  /**
   * How the work is cut and bounded.
   *
   * @param taskTimeout seconds an inspect or segment task may take; 0 for no limit
   */
  public record Limits(int windowsPerTask, int taskTimeout) {}

  /**
   * The run itself.
   *
   * @param master Spark master, or null to take it from spark-submit (local[*,4] when there is
   *     none)
   * @param runId the given one, else a new one (UTC time and a random suffix)
   * @param force segment every slide, reusing none from earlier runs
   */
  public record RunChoices(String master, String runId, boolean force) {}

  public static final String INPUT = "input";
  public static final String MODEL = "model";
  public static final String OUT = "out";
  public static final String MASK_FORMAT = "mask-format";
  public static final String LEVEL = "level";
  public static final String BATCH = "batch";
  public static final String DEVICE = "device";
  public static final String PRECISION = "precision";
  public static final String MASTER = "master";
  public static final String WINDOWS_PER_TASK = "windows-per-task";
  public static final String THREADS = "threads";
  public static final String PREVIEW_SIZE = "preview-size";
  public static final String MIN_TISSUE = "min-tissue";
  public static final String RUN_ID = "run-id";
  public static final String FORCE = "force";
  public static final String POLYGONS = "polygons";
  public static final String SIMPLIFY = "simplify";
  public static final String PROBABILITIES = "probabilities";
  public static final String TTA = "tta";
  public static final String TASK_TIMEOUT = "task-timeout";
  public static final String CONFIG = "config";

  /**
   * Batch 1 on CPU, where larger batches measured slower ({@code slideseg bench --batches 1,4}, see
   * the README); 8 on GPU, which needs them to stay busy.
   */
  private static final int CPU_BATCH = 1;

  private static final int GPU_BATCH = 8;

  public static final Options OPTIONS =
      new Options(
          "slideseg segment --input <uri|glob|@list> [--input ...] --model <dir> --out <dir>"
              + " [options]",
          """
          Segments slides with a U-Net and writes Parquet mask tiles, a per-slide summary table, and
          a mask per slide (a pyramidal TIFF, an OME-Zarr label image, or both) with a preview PNG.

          Exit codes: 0 every slide OK; 3 the run finished but some slides FAILED (see slides/ and
          the log); 2 bad options or model, an --out holding files slideseg did not write, or an
          --out in use by another run; 1 the run itself failed.""",
          List.of(
              Option.of(
                  INPUT,
                  "<uri|glob|@file>",
                  "slide(s) to segment: a file or directory URI (file://, hdfs://, s3a://), a glob"
                      + " such as 's3a://lab/scans/*.svs', or @list.txt with one URI per line;"
                      + " repeat for more. Tiled TIFF/BigTIFF (SVS, libvips; 8- and 16-bit, float;"
                      + " JPEG 2000 tiles too), PNG, JPEG; vendor formats (NDPI, MIRAX, SCN, ...)"
                      + " through OpenSlide where it is installed"),
              Option.of(MODEL, "<dir>", "model directory with model.json and the weights it names"),
              Option.of(
                  OUT,
                  "<dir>",
                  "output directory (tiles/, slides/, masks/, _manifest.json, _SUCCESS)"),
              Option.of(
                  MASK_FORMAT,
                  "<tiff|ome-zarr|both>",
                  "the mask as a pyramidal TIFF (masks/<id>.tif), an OME-Zarr label image"
                      + " (masks/<id>.ome.zarr/labels/<model>, OME-NGFF 0.4; its chunks written by"
                      + " the assembly tasks in parallel), or both",
                  "tiff"),
              Option.of(
                  LEVEL,
                  "<n|auto>",
                  "pyramid level to segment (0 = full resolution); auto picks the level nearest the"
                      + " model's mpp when both declare one, else 0",
                  "auto"),
              Option.computed(
                  BATCH,
                  "<n>",
                  "windows per model call",
                  CPU_BATCH + " on cpu, " + GPU_BATCH + " on gpu"),
              Option.of(
                  DEVICE,
                  "<cpu|gpu|gpu:N|auto>",
                  "where the model runs; gpu takes the GPU Spark assigned to the task and fails the"
                      + " run at the start if an executor cannot use it; auto takes it where CUDA is"
                      + " usable, else the CPU",
                  "cpu"),
              Option.of(
                  PRECISION,
                  "<fp32|fp16>",
                  "fp16 runs the model in half precision on GPUs; on CPUs it is emulated (weights"
                      + " and inputs rounded to half) to show the masks fp16 gives; npz models only",
                  "fp32"),
              Option.computed(
                  MASTER,
                  "<url>",
                  "Spark master",
                  "spark-submit's, or local[*,4] when run directly"),
              Option.of(
                  WINDOWS_PER_TASK,
                  "<n>",
                  "windows per Spark task at most (fewer if every core would not get work)",
                  "64"),
              Option.computed(THREADS, "<n>", "PyTorch threads per task", "spark.task.cpus"),
              Option.of(PREVIEW_SIZE, "<n>", "longest side of the preview PNG", "1024"),
              Option.of(
                  MIN_TISSUE,
                  "<fraction>",
                  "skip windows with less tissue than this (0-1; brightfield slides: tissue is"
                      + " darker than glass or stained); skipped windows get class 0 and are"
                      + " counted in tiles_skipped; 0 runs every window",
                  "0"),
              Option.of(
                  TASK_TIMEOUT,
                  "<seconds>",
                  "a slide whose inspection or run of --windows-per-task windows takes longer fails"
                      + " with this reason, so a hanging decoder or read cannot stall the run; 0 is"
                      + " no limit",
                  "1800"),
              Option.computed(
                  RUN_ID,
                  "<id>",
                  "run identifier written to every row",
                  "UTC time and a random suffix"),
              Option.flag(
                  POLYGONS,
                  "also write each class's connected regions as polygons, merged across tiles, in"
                      + " level-0 pixels: masks/<id>.geojson, which QuPath imports (File > Import"
                      + " objects); the slides table then counts them per class"),
              Option.of(
                  SIMPLIFY,
                  "<pixels>",
                  "with --polygons: simplify the regions by this tolerance (JTS's coverage"
                      + " simplification: edges shared by two classes move once for both, so no"
                      + " gaps or overlaps open; fewer vertices, areas no longer the exact pixel"
                      + " counts); 0 keeps every pixel corner",
                  "0"),
              Option.flag(
                  PROBABILITIES,
                  "also write each class's probability as a pyramidal 8-bit TIFF beside the mask,"
                      + " masks/<id>.probability-<class index>.tif (255 = 1.0, as QuPath's 8-bit"
                      + " probability output; levels above 0 average the level below), for"
                      + " thresholding later or combining models"),
              Option.flag(
                  TTA,
                  "test-time augmentation: every window also runs mirrored left-right, top-bottom and"
                      + " both, in the same model call; the four outputs, mirrored back, are averaged"
                      + " as probabilities before the labels are taken (4x the model's work)"),
              Option.flag(
                  FORCE,
                  "segment every slide again; by default a slide that an earlier run into this"
                      + " --out finished is reused when the slide file (length, modification time,"
                      + " ETag or checksum), the model files and every option that changes the"
                      + " outputs (--level, --precision, --min-tissue, --polygons, --simplify,"
                      + " --probabilities, --tta, --preview-size, --mask-format) are all the"
                      + " same"),
              Option.of(
                  CONFIG,
                  "<file>",
                  "properties file with any of these options as keys; the command line wins")));

  /** Parses the command line (after the sub-command), reading {@code --config} if given. */
  public static SegmentOptions parse(List<String> args) throws UsageException {
    ParsedOptions v = OPTIONS.parse(args, CONFIG);
    ComputeDevice device = v.device(DEVICE);
    List<String> inputs = v.all(INPUT);
    if (inputs.isEmpty()) {
      throw new UsageException("--input is required: the slides to segment");
    }
    String level = v.string(LEVEL);
    String runId = v.string(RUN_ID);
    return new SegmentOptions(
        new Inputs(
            inputs,
            v.required(MODEL, "the model directory with model.json"),
            level.equals("auto") ? -1 : v.integer(LEVEL, 0),
            v.number(MIN_TISSUE, 0, 1)),
        new Outputs(
            v.required(OUT, "the output directory"),
            maskFormat(v),
            v.integer(PREVIEW_SIZE, 16),
            v.flag(POLYGONS),
            v.number(SIMPLIFY, 0, 1000),
            v.flag(PROBABILITIES)),
        new Compute(
            device,
            precision(v),
            v.integer(BATCH, 1, device.isGpu() ? GPU_BATCH : CPU_BATCH),
            v.integer(THREADS, 1, 0),
            v.flag(TTA)),
        new Limits(v.integer(WINDOWS_PER_TASK, 1), v.integer(TASK_TIMEOUT, 0)),
        new RunChoices(v.string(MASTER), runId == null ? RunIds.next() : runId, v.flag(FORCE)));
  }

  private static MaskFormat maskFormat(ParsedOptions v) throws UsageException {
    try {
      return MaskFormat.parse(v.string(MASK_FORMAT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + MASK_FORMAT + ": " + e.getMessage());
    }
  }

  private static Precision precision(ParsedOptions v) throws UsageException {
    String value = v.string(PRECISION);
    try {
      return Precision.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + PRECISION + " \"" + value + "\" is not fp32 or fp16");
    }
  }
}
