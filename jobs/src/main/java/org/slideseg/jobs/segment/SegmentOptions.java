package org.slideseg.jobs.segment;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slideseg.jobs.OptionValues;
import org.slideseg.jobs.UsageException;

/**
 * The resolved options of one {@code segment} run. Precedence: command line, then the properties
 * file given by {@code --config} (same keys as the long options), then the defaults below. Resolved
 * once on the driver; executors receive only the values they need.
 *
 * @param level pyramid level to segment, or -1 for automatic (the model's resolution where both the
 *     model and the slide declare microns per pixel, else level 0)
 * @param threads PyTorch threads per task, or 0 for spark.task.cpus
 * @param minTissue windows with a smaller share of tissue are skipped as background; 0 runs all
 * @param master Spark master, or null to take it from spark-submit (local[*] when there is none)
 */
public record SegmentOptions(
    List<String> inputs,
    String model,
    String out,
    int level,
    int batch,
    String device,
    String master,
    int windowsPerTask,
    int threads,
    int previewSize,
    double minTissue,
    boolean force,
    String runId) {

  /** Slide URIs, globs, or {@code @file} naming a text file with one URI per line. Repeatable. */
  public static final String INPUT = "input";

  /** Model directory holding model.json and its weights, on any Hadoop file system. */
  public static final String MODEL = "model";

  /**
   * Output directory; tiles/, slides/, masks/, _manifest.json and _SUCCESS are written under it.
   */
  public static final String OUT = "out";

  /** Pyramid level to segment: a number, or "auto". Default auto. */
  public static final String LEVEL = "level";

  /**
   * Windows per model call. Default 1 on CPU, where larger batches measured slower (slideseg bench:
   * 6.96 windows/s at batch 1, 4.66 at batch 4, 2 threads), and 8 on GPU, which needs them to stay
   * busy.
   */
  public static final String BATCH = "batch";

  /** cpu, gpu (the GPU Spark assigned to the task, else 0) or gpu:N. Default cpu. */
  public static final String DEVICE = "device";

  /** Spark master URL. Default: spark-submit's, or local[*] when run directly. */
  public static final String MASTER = "master";

  /**
   * Windows per Spark task: the slide reader and predictor are opened once per task. Default 64.
   */
  public static final String WINDOWS_PER_TASK = "windows-per-task";

  /** PyTorch intra-op threads per task. Default: spark.task.cpus (cores / concurrent tasks). */
  public static final String THREADS = "threads";

  /** Longest side of the preview PNG in pixels. Default 1024. */
  public static final String PREVIEW_SIZE = "preview-size";

  /**
   * Skip windows whose share of tissue (judged on a thumbnail: darker than glass, or stained) is
   * below this fraction; they get class 0. Default 0: run every window.
   */
  public static final String MIN_TISSUE = "min-tissue";

  /** Identifier written into every output row. Default: a UTC timestamp. */
  public static final String RUN_ID = "run-id";

  /**
   * A flag: segment every slide again, even those an earlier run into this output finished with the
   * same slide file, model and options.
   */
  public static final String FORCE = "force";

  /** A properties file with any of the keys above. */
  public static final String CONFIG = "config";

  private static final Set<String> KEYS =
      Set.of(
          INPUT,
          MODEL,
          OUT,
          LEVEL,
          BATCH,
          DEVICE,
          MASTER,
          WINDOWS_PER_TASK,
          THREADS,
          PREVIEW_SIZE,
          MIN_TISSUE,
          RUN_ID,
          FORCE,
          CONFIG);

  public static final String HELP =
      """
      Usage: slideseg segment --input <uri|glob|@list> [--input ...] --model <dir> --out <dir> [options]

      Segments slides with a U-Net and writes Parquet mask tiles, a per-slide summary table, and a
      pyramidal TIFF mask with a preview PNG per slide.

        --input <uri|glob|@file>  slide(s) to segment: a file or directory URI (file://, hdfs://, s3a://),
                                  a glob such as 's3a://lab/scans/*.svs', or @list.txt with one URI per
                                  line; repeat for more. Tiled TIFF/BigTIFF (SVS, libvips), PNG, JPEG.
        --model <dir>             model directory with model.json and the weights it names
        --out <dir>               output directory (tiles/, slides/, masks/, _manifest.json, _SUCCESS)
        --level <n|auto>          pyramid level to segment (0 = full resolution); auto picks the level
                                  nearest the model's mpp when both declare one, else 0 (default auto)
        --batch <n>               windows per model call (default 1 on cpu, 8 on gpu)
        --device <cpu|gpu|gpu:N>  where the model runs; gpu takes the GPU Spark assigned to the task
                                  (default cpu)
        --master <url>            Spark master; default: spark-submit's, or local[*] when run directly
        --windows-per-task <n>    windows per Spark task (default 64)
        --threads <n>             PyTorch threads per task (default spark.task.cpus)
        --preview-size <n>        longest side of the preview PNG (default 1024)
        --min-tissue <fraction>   skip windows with less tissue than this (0-1; brightfield slides:
                                  tissue is darker than glass or stained); skipped windows get class 0
                                  and are counted in tiles_skipped (default 0: run every window)
        --run-id <id>             run identifier written to every row (default: UTC time and a random
                                  suffix)
        --force                   segment every slide again; by default a slide that an earlier run
                                  into this --out finished is reused when the slide file (length,
                                  modification time, ETag or checksum), the model files, --level and
                                  --min-tissue are all the same
        --config <file>           properties file with any of these keys; the command line wins
        --help                    this text

      Exit codes: 0 every slide OK; 3 the run finished but some slides FAILED (see slides/ and the log);
      2 bad options or model, an --out holding files slideseg did not write, or an --out in use by
      another run; 1 the run itself failed.
      """;

  /** Parses the command line (after the sub-command), reading {@code --config} if given. */
  public static SegmentOptions parse(List<String> args) throws UsageException {
    Map<String, List<String>> cli = OptionValues.keyValues(args, KEYS, Set.of(FORCE));
    Map<String, List<String>> merged = new LinkedHashMap<>();
    if (cli.containsKey(CONFIG)) {
      merged.putAll(readConfig(Path.of(OptionValues.single(cli, CONFIG, null))));
    }
    merged.putAll(cli);
    return resolve(merged);
  }

  private static Map<String, List<String>> readConfig(Path file) throws UsageException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UsageException("cannot read --config " + file + ": " + e.getMessage());
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!KEYS.contains(key) || key.equals(CONFIG)) {
        throw new UsageException(file + ": unknown key \"" + key + "\"");
      }
      values.put(key, List.of(p.getProperty(key).split("\\s*,\\s*")));
    }
    return values;
  }

  private static SegmentOptions resolve(Map<String, List<String>> v) throws UsageException {
    List<String> inputs = v.getOrDefault(INPUT, List.of());
    if (inputs.isEmpty()) {
      throw new UsageException("--input is required: the slides to segment");
    }
    String level = OptionValues.single(v, LEVEL, "auto");
    String device = OptionValues.single(v, DEVICE, "cpu");
    if (!device.matches("cpu|gpu|gpu:\\d+")) {
      throw new UsageException("--device \"" + device + "\" is not cpu, gpu or gpu:N");
    }
    return new SegmentOptions(
        List.copyOf(inputs),
        OptionValues.required(v, MODEL, "the model directory with model.json"),
        OptionValues.required(v, OUT, "the output directory"),
        level.equals("auto") ? -1 : OptionValues.atLeast(LEVEL, level, 0),
        OptionValues.atLeast(
            BATCH, OptionValues.single(v, BATCH, device.equals("cpu") ? "1" : "8"), 1),
        device,
        OptionValues.single(v, MASTER, null),
        OptionValues.atLeast(WINDOWS_PER_TASK, OptionValues.single(v, WINDOWS_PER_TASK, "64"), 1),
        OptionValues.atLeast(THREADS, OptionValues.single(v, THREADS, "0"), 0),
        OptionValues.atLeast(PREVIEW_SIZE, OptionValues.single(v, PREVIEW_SIZE, "1024"), 16),
        OptionValues.between(MIN_TISSUE, OptionValues.single(v, MIN_TISSUE, "0"), 0, 1),
        OptionValues.flag(v, FORCE),
        OptionValues.single(v, RUN_ID, null));
  }

  public SegmentOptions withRunId(String id) {
    return new SegmentOptions(
        inputs,
        model,
        out,
        level,
        batch,
        device,
        master,
        windowsPerTask,
        threads,
        previewSize,
        minTissue,
        force,
        id);
  }
}
