package org.slideseg.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;

/**
 * The demo end to end, on a smaller mosaic than the README's 4096 x 4096 so that CI stays quick.
 */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void segmentsTheSampleSlideAndReportsItsPixelError() throws Exception {
    String printed = runDemo("--out", dir.toString(), "--size", "1100", "--master", "local[2]");
    Matcher error = Pattern.compile("pixel error vs labels:\\s+([0-9.]+)").matcher(printed);
    assertThat(error.find()).as(printed).isTrue();
    assertThat(Double.parseDouble(error.group(1))).isLessThan(0.12);
    Matcher printedMask = Pattern.compile("mask \\(pyramidal TIFF\\):\\s+(\\S+)").matcher(printed);
    assertThat(printedMask.find()).as(printed).isTrue();
    Path mask = Path.of(printedMask.group(1));
    assertThat(mask.getParent()).isEqualTo(dir.resolve("result/masks"));
    assertThat(mask.getFileName().toString()).matches("isbi2012-mosaic-[0-9a-f]{12}\\.tif");
    assertThat(printed).containsPattern("isbi2012-mosaic-[0-9a-f]{12}\\.preview\\.png");
    try (SlideReader reader = SlideReaders.openLabels(mask.toUri(), new Configuration())) {
      assertThat(reader.pyramid().levels()).hasSize(4);
      assertThat(reader.pyramid().level(0).width()).isEqualTo(1100);
    }
  }

  @Test
  void runsTheJavaTrainedModelGivenByModel() throws Exception {
    String printed =
        runDemo(
            "--out", dir.toString(),
            "--model", "../models/unet-classic-isbi2012",
            "--size", "600",
            "--master", "local[2]");
    assertThat(printed).contains("unet-classic-isbi2012");
    Matcher error = Pattern.compile("pixel error vs labels:\\s+([0-9.]+)").matcher(printed);
    assertThat(error.find()).as(printed).isTrue();
    assertThat(Double.parseDouble(error.group(1))).isLessThan(0.12);
  }

  /** Runs the demo, asserts it succeeded, and returns what it printed. */
  private static String runDemo(String... args) throws Exception {
    PrintStream stdout = System.out;
    var captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true));
      exit = new DemoCommand().run(List.of(args));
    } finally {
      System.setOut(stdout);
    }
    String printed = captured.toString();
    assertThat(exit).as(printed).isZero();
    return printed;
  }
}
