package org.slideseg.jobs.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.train.ValidationScore;
import org.slideseg.jobs.cli.Command;
import org.slideseg.jobs.cli.Option;
import org.slideseg.jobs.cli.Options;
import org.slideseg.jobs.cli.ParsedOptions;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.cli.SegmentCommand;
import org.slideseg.jobs.segment.driver.RunSummary;
import org.slideseg.jobs.segment.driver.SegmentJob;
import org.slideseg.jobs.segment.driver.SegmentOptions;
import org.slideseg.jobs.segment.outputs.OutputLayout;

/**
 * {@code slideseg demo}: writes a 4096 x 4096 pyramidal TIFF mosaic of the bundled ISBI slices,
 * runs {@code segment} on it with the bundled model into a local folder, and prints where the
 * outputs are and the mask's pixel error against the same mosaic of labels.
 */
public final class DemoCommand implements Command {
  static final Options OPTIONS =
      new Options(
          "slideseg demo [--out <dir>] [--model <dir>] [--size <pixels>] [--batch <n>]"
              + " [--master <url>]",
          """
          Builds a sample slide from bundled ISBI 2012 EM slices 20-24 and segments it with the
          bundled U-Net on an embedded Spark, then reports the mask's pixel error against the
          labels.""",
          List.of(
              Option.of("out", "<dir>", "where to write everything", "demo-out"),
              Option.computed(
                  "model",
                  "<dir>",
                  "another membrane model for ISBI EM slices, e.g. one `slideseg train` wrote",
                  "the bundled model"),
              Option.of("size", "<pixels>", "side of the square sample slide", "4096"),
              Option.of("batch", "<n>", "windows per model call (1 is fastest on CPU)", "1"),
              Option.computed("master", "<url>", "Spark master", "local[*,4]"),
              Option.flag(
                  "tta",
                  "test-time augmentation: mirrored copies of every window, averaged (see segment"
                      + " --tta)")));

  static final String SLIDE_NAME = "isbi2012-mosaic";

  @Override
  public Usage usage() {
    return new Usage(
        "demo",
        "build a sample slide from bundled ISBI 2012 slices, segment it with the bundled model,"
            + " and report its pixel error",
        OPTIONS);
  }

  @Override
  public int run(List<String> args) throws IOException, UsageException {
    DemoOptions options = DemoOptions.parse(args);
    Path out = Path.of(options.out()).toAbsolutePath();
    Path model =
        options.model() == null
            ? BundledModel.extractTo(out.resolve("model"))
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
    if (options.tta()) {
      segmentArgs.add("--tta");
    }
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
    try (SlideReader reader = SlideReaders.openLabels(mask.toUri(), new Configuration())) {
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

  /** Options of the demo. */
  record DemoOptions(String out, String model, int size, int batch, String master, boolean tta) {
    static DemoOptions parse(List<String> args) throws UsageException {
      ParsedOptions v = OPTIONS.parse(args);
      return new DemoOptions(
          v.string("out"),
          v.string("model"),
          v.integer("size", 64),
          v.integer("batch", 1),
          v.string("master"),
          v.flag("tta"));
    }
  }
}
