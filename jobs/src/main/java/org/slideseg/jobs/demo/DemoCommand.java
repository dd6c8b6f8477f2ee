package org.slideseg.jobs.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.train.ValidationScore;
import org.slideseg.jobs.OptionValues;
import org.slideseg.jobs.UsageException;
import org.slideseg.jobs.segment.OutputLayout;
import org.slideseg.jobs.segment.RunSummary;
import org.slideseg.jobs.segment.SegmentCommand;
import org.slideseg.jobs.segment.SegmentJob;
import org.slideseg.jobs.segment.SegmentOptions;

/**
 * {@code slideseg demo}: writes a 4096 x 4096 pyramidal TIFF mosaic of the bundled ISBI slices,
 * runs {@code segment} on it with the bundled model into a local folder, and prints where the
 * outputs are and the mask's pixel error against the same mosaic of labels.
 */
public final class DemoCommand {
  static final String HELP =
      """
      Usage: slideseg demo [--out <dir>] [--model <dir>] [--size <pixels>] [--batch <n>]
                           [--master <url>]

      Builds a sample slide from bundled ISBI 2012 EM slices 20-24 and segments it with the bundled
      U-Net on an embedded Spark, then reports the mask's pixel error against the labels.

        --out <dir>       where to write everything (default demo-out)
        --model <dir>     another membrane model for ISBI EM slices, e.g. one `slideseg train` wrote
                          (default: the bundled model)
        --size <pixels>   side of the square sample slide (default 4096)
        --batch <n>       windows per model call (default 1: fastest on CPU)
        --master <url>    Spark master (default local[*])
      """;
  static final String MODEL_RESOURCES = "/org/slideseg/jobs/demo/model/";
  static final String SLIDE_NAME = "isbi2012-mosaic";

  private DemoCommand() {}

  public static int run(List<String> args) throws IOException, UsageException {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.print(HELP);
      return 0;
    }
    DemoOptions options = DemoOptions.parse(args);
    Path out = Path.of(options.out()).toAbsolutePath();
    Path model =
        options.model() == null
            ? extractModel(out.resolve("model"))
            : Path.of(options.model()).toAbsolutePath();
    Path slide = out.resolve("input").resolve(SLIDE_NAME + ".tif");
    Files.createDirectories(slide.getParent());
    var mosaic = new IsbiMosaic(options.size(), options.size());
    System.out.printf(
        "demo: writing a %d x %d sample slide to %s%n", options.size(), options.size(), slide);
    mosaic.writeSlide(slide);

    Path result = out.resolve("result");
    List<String> segmentArgs =
        new ArrayList<>(
            List.of(
                "--input",
                slide.toUri().toString(),
                "--model",
                model.toString(),
                "--out",
                result.toUri().toString(),
                "--batch",
                Integer.toString(options.batch())));
    SegmentOptions segment = SegmentOptions.parse(segmentArgs);
    SparkSession spark = SegmentCommand.session("slideseg demo", options.master());
    RunSummary summary;
    try {
      System.out.println("demo: segmenting with " + model + " on Spark " + spark.version());
      summary = new SegmentJob(spark, segment).run();
    } finally {
      spark.stop();
    }
    if (!summary.failures().isEmpty()) {
      System.err.println("demo: the slide failed: " + summary.failures());
      return SegmentCommand.SOME_SLIDES_FAILED;
    }
    report(mosaic, new OutputLayout(result.toUri().toString()), summary.slideIds().get(0));
    return 0;
  }

  private static void report(IsbiMosaic mosaic, OutputLayout layout, String slideId)
      throws IOException {
    Path mask = Path.of(layout.mask(slideId).toUri());
    ValidationScore score;
    try (SlideReader reader = SlideReaders.open(mask.toUri(), new Configuration())) {
      score = MaskScore.of(reader, mosaic::labelRow);
    }
    System.out.printf(
        """
        demo: done.
          mask (pyramidal TIFF):  %s
          preview:                %s
          slide summary (Parquet): %s
          mask tiles (Parquet):   %s
          manifest:               %s
          pixel error vs labels:  %.4f   (membrane Dice %.4f)
        """,
        mask,
        Path.of(layout.preview(slideId).toUri()),
        Path.of(layout.slides().toUri()),
        Path.of(layout.tiles().toUri()),
        Path.of(layout.manifest().toUri()),
        score.pixelError(),
        score.dice());
  }

  /** Copies the bundled model out of the jar, so that the job reads it like any model directory. */
  static Path extractModel(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of("model.json", "model.pt")) {
      try (InputStream in = DemoCommand.class.getResourceAsStream(MODEL_RESOURCES + name)) {
        if (in == null) {
          throw new IOException("bundled model file " + name + " is missing from the jar");
        }
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  /** Options of the demo. */
  record DemoOptions(String out, String model, int size, int batch, String master) {
    static DemoOptions parse(List<String> args) throws UsageException {
      var v = OptionValues.keyValues(args, Set.of("out", "model", "size", "batch", "master"));
      return new DemoOptions(
          OptionValues.single(v, "out", "demo-out"),
          OptionValues.single(v, "model", null),
          OptionValues.atLeast("size", OptionValues.single(v, "size", "4096"), 64),
          OptionValues.atLeast("batch", OptionValues.single(v, "batch", "1"), 1),
          OptionValues.single(v, "master", null));
    }
  }
}
