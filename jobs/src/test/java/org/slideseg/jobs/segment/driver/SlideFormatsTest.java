package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.FlakyFileSystem;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;
import org.slideseg.jobs.segment.cli.SegmentOptions;

/**
 * One picture stored in the formats labs bring, segmented in one run beside a broken file: each
 * readable kind (lossless JPEG 2000 tiles; a Philips TIFF through OpenSlide, staged from a file
 * system that is not local disk) gives the mask of the plain Deflate TIFF, and the broken one fails
 * alone.
 */
class SlideFormatsTest {
  private static final int W = 450;
  private static final int H = 400;

  @TempDir static Path dir;

  @RegisterExtension
  static final TestSpark SPARK =
      new TestSpark("local[2]", "fs.flaky.impl", FlakyFileSystem.class.getName());

  private static Path out;
  private static Map<String, Row> slides;

  @BeforeAll
  static void segmentEveryKind() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    BufferedImage picture = TestSlides.crop("image", 22, 30, 20, W, H);
    TestSlides.vipsSlide(picture, in.resolve("deflate.tif"), "deflate");
    TestSlides.vipsSlide(picture, in.resolve("jp2k-lossless.tif"), "jp2k", "--lossless");
    Path broken = TestSlides.vipsSlide(picture, in.resolve("jp2k-broken.tif"), "jp2k");
    byte[] bytes = Files.readAllBytes(broken);
    for (int i = 4000; i < 9000; i++) {
      bytes[i] = (byte) 0x5a; // the first tiles' codestreams
    }
    Files.write(broken, bytes);
    // A Philips TIFF, which only OpenSlide reads, on a file system that is not local disk.
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    ImageIO.write(picture, "png", elsewhere.resolve("picture.png").toFile());
    TestSlides.run(
        "/usr/bin/python3",
        "../common/src/test/resources/philips_tiff.py",
        elsewhere.resolve("picture.png").toString(),
        elsewhere.resolve("philips.tiff").toString());
    out = dir.resolve("out");
    new SegmentJob(
            SPARK.session(),
            SegmentOptions.parse(
                List.of(
                    "--input",
                    in.toString(),
                    "--input",
                    "flaky://" + elsewhere.resolve("philips.tiff"),
                    "--model",
                    TestSlides.smallWindowModel(dir.resolve("model")).toString(),
                    "--out",
                    out.toString())))
        .run();
    slides =
        SPARK.session().read().parquet(out.resolve("slides").toString()).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r ->
                        Path.of(java.net.URI.create(r.<String>getAs("uri")))
                            .getFileName()
                            .toString(),
                    r -> r));
  }

  @Test
  void jpeg2000TilesGiveTheMaskOfTheSamePictureStoredAsDeflate() throws Exception {
    assertThat(slides.get("jp2k-lossless.tif").<String>getAs("status")).isEqualTo("OK");
    assertThat(labels("jp2k-lossless.tif")).isEqualTo(labels("deflate.tif"));
  }

  /** Read by OpenSlide from a staged copy, with the pixel size from the Philips XML. */
  @Test
  void aPhilipsTiffElsewhereGivesTheSameMaskThroughOpenSlide() throws Exception {
    Row philips = slides.get("philips.tiff");
    assertThat(philips.<String>getAs("status")).isEqualTo("OK");
    assertThat(philips.<Double>getAs("mpp")).isEqualTo(0.25);
    assertThat(labels("philips.tiff")).isEqualTo(labels("deflate.tif"));
  }

  @Test
  void aBrokenJpeg2000SlideFailsAloneNamingTheProblem() {
    Row broken = slides.get("jp2k-broken.tif");
    assertThat(broken.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(broken.<String>getAs("error")).contains("jp2k-broken.tif").contains("JPEG 2000");
    assertThat(slides.get("deflate.tif").<String>getAs("status")).isEqualTo("OK");
  }

  private static byte[] labels(String file) throws Exception {
    String id = slides.get(file).getAs("slide_id");
    try (SlideReader mask =
        SlideReaders.openLabels(out.resolve("masks/" + id + ".tif").toUri(), new Configuration())) {
      PixelRegion all = mask.readRegion(RegionRequest.of(0, 0, 0, W, H));
      return all.pixels();
    }
  }
}
