package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * One picture stored in the formats labs bring, segmented in one run beside a broken file: each
 * readable kind (lossless JPEG 2000 tiles; 16-bit Zstandard; a Philips TIFF through OpenSlide,
 * staged from a file system that is not local disk) gives the mask of the plain Deflate TIFF, and
 * the broken one fails alone.
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
  private static Path philips;
  private static long readElsewhere;

  @BeforeAll
  static void segmentEveryKind() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    BufferedImage picture = TestSlides.crop("image", 22, 30, 20, W, H);
    TestSlides.vipsSlide(picture, in.resolve("deflate.tif"), "deflate");
    TestSlides.vipsSlide(picture, in.resolve("jp2k-lossless.tif"), "jp2k", "--lossless");
    sixteenBit(in.resolve("deflate.tif"), in.resolve("sixteen-bit-zstd.tif"));
    Path broken = TestSlides.vipsSlide(picture, in.resolve("jp2k-broken.tif"), "jp2k");
    Files.write(broken, TestSlides.damageFirstJpeg2000Header(Files.readAllBytes(broken)));
    // A Philips TIFF, which only OpenSlide reads, on a file system that is not local disk.
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    ImageIO.write(picture, "png", elsewhere.resolve("picture.png").toFile());
    TestSlides.run(
        "/usr/bin/python3",
        "../common/src/test/resources/philips_tiff.py",
        elsewhere.resolve("picture.png").toString(),
        elsewhere.resolve("philips.tiff").toString());
    philips = elsewhere.resolve("philips.tiff");
    out = dir.resolve("out");
    long before = bytesReadElsewhere();
    TestJob.run(
        SPARK.session(),
        in.toString(),
        TestSlides.smallWindowModel(dir.resolve("model")),
        out,
        "--windows-per-task",
        "2",
        "--input",
        "flaky://" + philips);
    readElsewhere = bytesReadElsewhere() - before;
    slides =
        SPARK.session().read().parquet(out.resolve("slides").toString()).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r ->
                        java.net.URI.create(r.<String>getAs("uri")).getPath().replaceAll(".*/", ""),
                    r -> r));
  }

  @Test
  void jpeg2000TilesGiveTheMaskOfTheSamePictureStoredAsDeflate() throws Exception {
    Row jp2k = slides.get("jp2k-lossless.tif");
    assertThat(jp2k.<String>getAs("status")).as(jp2k.<String>getAs("error")).isEqualTo("OK");
    assertThat(labels("jp2k-lossless.tif")).isEqualTo(labels("deflate.tif"));
  }

  /** 16-bit samples (the 8-bit picture times 257) map back onto the picture's 8 bits exactly. */
  @Test
  void sixteenBitSamplesGiveTheMaskOfTheEightBitPicture() throws Exception {
    Row sixteen = slides.get("sixteen-bit-zstd.tif");
    assertThat(sixteen.<String>getAs("status")).as(sixteen.<String>getAs("error")).isEqualTo("OK");
    assertThat(labels("sixteen-bit-zstd.tif")).isEqualTo(labels("deflate.tif"));
  }

  /** Read by OpenSlide from a staged copy, with the pixel size from the Philips XML. */
  @Test
  void aPhilipsTiffElsewhereGivesTheSameMaskThroughOpenSlide() throws Exception {
    Row philips = slides.get("philips.tiff");
    assertThat(philips.<String>getAs("status")).as(philips.<String>getAs("error")).isEqualTo("OK");
    assertThat(philips.<Double>getAs("mpp")).isEqualTo(0.25);
    assertThat(labels("philips.tiff")).isEqualTo(labels("deflate.tif"));
  }

  /**
   * The Philips TIFF's nine windows ran in five tasks, each opening it, besides its inspection and
   * preview: it was still read from its file system about once, into one staged copy, and the copy
   * is gone once the run has ended.
   */
  @Test
  void aVendorSlideElsewhereIsReadOnceForTheWholeRunAndItsCopyRemovedAtTheEnd() throws Exception {
    long length = Files.size(philips);
    assertThat(readElsewhere).isBetween(length, 2 * length);
    try (var temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(temp.map(f -> f.getFileName().toString()))
          .noneMatch(f -> f.matches("slideseg-[0-9]+-staged-.*philips.tiff"));
    }
  }

  private static long bytesReadElsewhere() {
    return org.apache.hadoop.fs.FileSystem.getAllStatistics().stream()
        .filter(s -> s.getScheme().equals("flaky"))
        .mapToLong(org.apache.hadoop.fs.FileSystem.Statistics::getBytesRead)
        .sum();
  }

  @Test
  void aBrokenJpeg2000SlideFailsAloneNamingTheProblem() {
    Row broken = slides.get("jp2k-broken.tif");
    assertThat(broken.<String>getAs("status")).isEqualTo("FAILED");
    assertThat(broken.<String>getAs("error")).contains("jp2k-broken.tif").contains("JPEG 2000");
    assertThat(slides.get("deflate.tif").<String>getAs("status")).isEqualTo("OK");
  }

  /** {@code eight} times 257 as a 16-bit Zstandard pyramid, written by libvips. */
  private static void sixteenBit(Path eight, Path out) throws Exception {
    Path scaled = dir.resolve("scaled.v");
    Path cast = dir.resolve("cast.v");
    TestSlides.run("vips", "linear", eight.toString(), scaled.toString(), "257", "0");
    TestSlides.run("vips", "cast", scaled.toString(), cast.toString(), "ushort");
    TestSlides.run(
        "vips",
        "tiffsave",
        cast.toString(),
        out.toString(),
        "--tile",
        "--pyramid",
        "--compression",
        "zstd");
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
