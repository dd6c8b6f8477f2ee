package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * --probabilities on a real run: a three-class model whose probabilities are known in closed form
 * (the no-op network with a chosen 1 x 1 head: logits 0, 2x and 0.5 - x of the normalised input x)
 * segments a slide of many windows and mask blocks. Its probability pyramids are read with tifffile
 * and compared, in numpy, with the softmax computed in float64 from the input PNG.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbabilitiesTest {
  private static final List<String> CLASSES = List.of("background", "membrane", "cell");

  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");

  private static Path out;
  private static String id;

  @BeforeAll
  static void segmentWithProbabilities() throws Exception {
    TestSlides.gradientWithThreeClassModel(dir);
    out = dir.resolve("out");
    assertThat(run("--probabilities", "--polygons").failures()).isEmpty();
    id = slides().getAs("slide_id");
  }

  /**
   * Level 0 of each class's TIFF is round(255 p) of the float64 softmax (within 1 for float32 at
   * halves); every level above is the rounded mean of the 2 x 2 pixels below it inside the image.
   */
  @Test
  @Order(1)
  void pyramidsHoldEachClassesProbabilityAndItsMeans() throws Exception {
    List<String> files =
        List.of(probability(0).toString(), probability(1).toString(), probability(2).toString());
    String report =
        TestSlides.run(
            "/usr/bin/python3",
            "-c",
            """
            import sys, numpy as np, tifffile
            from PIL import Image
            v = np.asarray(Image.open(sys.argv[1]), dtype=np.float64)
            x = (v / 255 - 0.5) / 0.25
            logits = np.stack([np.zeros_like(x), 2 * x, 0.5 - x])
            e = np.exp(logits - logits.max(0))
            p = e / e.sum(0)
            for c, path in enumerate(sys.argv[2:]):
                with tifffile.TiffFile(path) as t:
                    levels = [page.asarray().astype(np.int64) for page in t.pages]
                    comment = t.pages[0].description
                expected = np.floor(p[c] * 255 + 0.5)
                off = np.abs(levels[0] - expected)
                worst_mean = 0
                for k in range(1, len(levels)):
                    below = levels[k - 1]
                    h, w = below.shape
                    hh, ww = (h + 1) // 2, (w + 1) // 2
                    total = np.zeros((2 * hh, 2 * ww), np.int64)
                    count = np.zeros((2 * hh, 2 * ww), np.int64)
                    total[:h, :w] = below
                    count[:h, :w] = 1
                    s = total.reshape(hh, 2, ww, 2).sum((1, 3))
                    n = count.reshape(hh, 2, ww, 2).sum((1, 3))
                    assert levels[k].shape == (hh, ww), (k, levels[k].shape)
                    worst_mean = max(worst_mean, int(np.abs(levels[k] - (s + n // 2) // n).max()))
                print(c, levels[0].shape, len(levels), int(off.max()), int((off > 0).sum()),
                      worst_mean, int(expected.min()), int(expected.max()))
                print(comment)
            """,
            dir.resolve("in/gradient.png").toString(),
            files.get(0),
            files.get(1),
            files.get(2));
    List<String> lines = report.lines().toList();
    assertThat(lines).hasSize(6);
    for (int c = 0; c < 3; c++) {
      String[] f = lines.get(2 * c).replace("(", "").replace(",", "").replace(")", "").split(" ");
      assertThat(f[1] + "x" + f[2])
          .as("class %d size", c)
          .isEqualTo(TestSlides.GRADIENT_HEIGHT + "x" + TestSlides.GRADIENT_WIDTH);
      assertThat(Integer.parseInt(f[3])).as("class %d levels", c).isEqualTo(4);
      assertThat(Integer.parseInt(f[4])).as("class %d largest error", c).isLessThanOrEqualTo(1);
      assertThat(Integer.parseInt(f[5]))
          .as("class %d pixels off", c)
          .isLessThan(TestSlides.GRADIENT_WIDTH * TestSlides.GRADIENT_HEIGHT / 100);
      assertThat(Integer.parseInt(f[6])).as("class %d mean levels", c).isZero();
      assertThat(Integer.parseInt(f[8]) - Integer.parseInt(f[7])).as("range").isGreaterThan(50);
      assertThat(lines.get(2 * c + 1))
          .startsWith("slideseg probability of class " + c + "=" + CLASSES.get(c) + " of " + id)
          .contains("255 = 1.0");
    }
  }

  /** The slides table says where the probabilities are; the same run again reuses them. */
  @Test
  @Order(2)
  void theSlidesTableListsThemAndAReRunReusesThem() throws Exception {
    assertThat(slides().getList(slides().fieldIndex("probability_uris")))
        .hasSize(3)
        .allMatch(
            uri ->
                uri.toString()
                    .endsWith(
                        ".probability-"
                            + uri.toString().charAt(uri.toString().length() - 5)
                            + ".tif"));
    RunSummary again = run("--probabilities", "--polygons");
    assertThat(again.table(10)).contains("OK reused");
    assertThat(Files.exists(probability(2))).isTrue();
  }

  /**
   * A run without --probabilities and --polygons segments the slide again and removes the earlier
   * run's probabilities and polygons, which would otherwise pass for this run's.
   */
  @Test
  @Order(3)
  void aRunWithoutThemRemovesTheEarlierOnes() throws Exception {
    RunSummary plain = run();
    assertThat(plain.table(10)).doesNotContain("reused");
    for (int c = 0; c < 3; c++) {
      assertThat(probability(c)).doesNotExist();
    }
    assertThat(out.resolve("masks/" + id + ".geojson")).doesNotExist();
    assertThat(out.resolve("polygons/slide_id=" + id)).doesNotExist();
    assertThat(out.resolve("masks/" + id + ".tif")).exists();
    assertThat(slides().isNullAt(slides().fieldIndex("probability_uris"))).isTrue();
  }

  private static Path probability(int c) {
    return out.resolve("masks/" + id + ".probability-" + c + ".tif");
  }

  private static Row slides() {
    return SPARK.session().read().parquet(out.resolve("slides").toString()).first();
  }

  private static RunSummary run(String... flags) throws Exception {
    return TestJob.run(
        SPARK.session(), dir.resolve("in").toString(), dir.resolve("model"), out, flags);
  }
}
