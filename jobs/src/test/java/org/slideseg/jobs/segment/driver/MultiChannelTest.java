package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * A four-channel 16-bit slide (four EM slices as its channels) segmented by a four-channel model
 * whose output is known in closed form (the no-op network with a chosen 1 x 1 head): its mask is
 * the sign of the head's weighted sum of the channels, computed here in double from the pictures.
 * The same slide with a one-channel model fails alone, saying why.
 */
class MultiChannelTest {
  private static final int W = 500;
  private static final int H = 400;
  private static final double[] WEIGHTS = {1, -1, 0.5, -0.25};
  private static final double BIAS = 0.1;

  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");

  private static List<BufferedImage> channels;

  @BeforeAll
  static void fourChannelSlide() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    channels =
        List.of(
            TestSlides.crop("image", 20, 0, 0, W, H),
            TestSlides.crop("image", 21, 0, 0, W, H),
            TestSlides.crop("image", 22, 0, 0, W, H),
            TestSlides.crop("image", 23, 0, 0, W, H));
    StringBuilder bands = new StringBuilder();
    for (int c = 0; c < 4; c++) {
      Path png = dir.resolve("c" + c + ".png");
      ImageIO.write(channels.get(c), "png", png.toFile());
      bands.append(png).append(' ');
    }
    Path joined = dir.resolve("joined.v");
    TestSlides.run("vips", "bandjoin", bands.toString().trim(), joined.toString());
    TestSlides.run("vips", "linear", joined.toString(), dir.resolve("s.v").toString(), "257", "0");
    TestSlides.run(
        "vips", "cast", dir.resolve("s.v").toString(), dir.resolve("c.v").toString(), "ushort");
    TestSlides.run(
        "vips",
        "tiffsave",
        dir.resolve("c.v").toString(),
        in.resolve("four.tif").toString(),
        "--tile",
        "--pyramid",
        "--compression",
        "zstd");
  }

  @Test
  void aFourChannelModelSeesEveryChannel() throws Exception {
    Path out = dir.resolve("out4");
    assertThat(run(model(4), out).failures()).isEmpty();
    Row slide = SPARK.session().read().parquet(out.resolve("slides").toString()).first();
    String id = slide.getAs("slide_id");
    byte[] mask;
    try (SlideReader reader =
        SlideReaders.openLabels(out.resolve("masks/" + id + ".tif").toUri(), new Configuration())) {
      mask = reader.readRegion(RegionRequest.of(0, 0, 0, W, H)).pixels();
    }
    int wrong = 0;
    int ones = 0;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double logit = BIAS;
        for (int c = 0; c < 4; c++) {
          double v = channels.get(c).getRaster().getSample(x, y, 0);
          logit += WEIGHTS[c] * (v / 255 - 0.5) / 0.25;
        }
        int expected = logit > 0 ? 1 : 0;
        ones += expected;
        // float32 in the model: only logits within rounding of 0 may differ
        if (mask[y * W + x] != expected && Math.abs(logit) > 1e-4) {
          wrong++;
        }
      }
    }
    assertThat(wrong).isZero();
    assertThat(ones).isBetween(W * H / 10, W * H * 9 / 10);
  }

  @Test
  void aOneChannelModelRefusesTheSlideAlone() throws Exception {
    RunSummary summary = run(model(1), dir.resolve("out1"));
    assertThat(summary.failures().values())
        .singleElement()
        .asString()
        .contains("four.tif")
        .contains("has 4 channels")
        .contains("takes 1");
  }

  /** The head of {@link #WEIGHTS} and {@link #BIAS} over the first {@code channels} channels. */
  private static Path model(int channels) throws Exception {
    return TestSlides.linearHeadModel(
        dir.resolve("model" + channels),
        new double[][] {new double[channels], java.util.Arrays.copyOf(WEIGHTS, channels)},
        new double[] {0, BIAS},
        json -> json.replace("\"inputChannels\": 1", "\"inputChannels\": " + channels));
  }

  private static RunSummary run(Path model, Path out) throws Exception {
    return TestJob.run(SPARK.session(), dir.resolve("in").toString(), model, out);
  }
}
