package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 16-bit and float slides written by libvips, read through sample windows: the 8-bit values a model
 * sees, computed here in double from the values the file was written with.
 */
class WideSamplesTest {
  private static final Configuration CONF = new Configuration();
  private static final int W = 700;
  private static final int H = 500;

  @TempDir Path dir;

  /** The same picture as 16-bit (times 257) and as floats (over 255) reads back exactly. */
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "ushort, gray, none",
    "ushort, gray, lzw",
    "ushort, rgb, deflate",
    "ushort, gray, zstd",
    "ushort, rgb, zstd",
    "ushort, gray, deflate --predictor horizontal",
    "float, gray, deflate",
    "float, gray, lzw --predictor float",
    "float, rgb, none",
  })
  void theFullRangeGivesTheEightBitPictureBack(String format, String colour, String compression)
      throws Exception {
    BufferedImage picture = TestImages.pattern(W, H, type(colour));
    Path png = TestImages.writePng(picture, dir.resolve("picture.png"));
    double factor = format.equals("ushort") ? 257 : 1 / 255.0;
    Path tiff = wide(png, format, factor, compression);
    int channels = colour.equals("gray") ? 1 : 3;
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), CONF)) {
      assertThat(reader.pyramid().channels()).isEqualTo(channels);
      PixelRegion region = reader.readRegion(RegionRequest.of(0, 110, 70, 400, 300));
      assertThat(region.pixels())
          .isEqualTo(PixelRegion.of(picture.getSubimage(110, 70, 400, 300), channels).pixels());
    }
  }

  /**
   * A 12-bit picture in 16-bit samples through a fixed window: every value as the linear map of the
   * window onto 0-255, rounded and clipped, computed here from the values written.
   */
  @Test
  void aFixedWindowMapsTheValuesWritten() throws Exception {
    BufferedImage twelveBit = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        twelveBit.getRaster().setSample(x, y, 0, (x * 7 + y * 13) % 4096);
      }
    }
    Path png = dir.resolve("twelve.png");
    ImageIO.write(twelveBit, "png", png.toFile());
    Path tiff =
        TestImages.vipsTiffsave(
            png, dir.resolve("twelve.tif"), "--tile", "--pyramid", "--compression", "lzw");
    try (SlideReader reader =
        SlideReaders.open(tiff.toUri(), SampleWindow.fixed(100, 3000), CONF)) {
      PixelRegion region = reader.readRegion(RegionRequest.of(0, 0, 0, W, H));
      for (int y = 0; y < H; y += 7) {
        for (int x = 0; x < W; x += 3) {
          int v = twelveBit.getRaster().getSample(x, y, 0);
          long expected = Math.max(0, Math.min(255, Math.round((v - 100) * 255.0 / 2900)));
          assertThat((long) region.sample(x, y, 0)).as("at %d,%d", x, y).isEqualTo(expected);
        }
      }
    }
  }

  /**
   * Percentiles of each slide: the same picture as an 8-bit TIFF, a 16-bit TIFF and an 8-bit PNG
   * (another reader) gives the same bytes, which clip where the picture passes its percentiles.
   */
  @Test
  void percentilesMapEightAndSixteenBitsAlike() throws Exception {
    BufferedImage picture = TestImages.pattern(W, H, BufferedImage.TYPE_BYTE_GRAY);
    Path png = TestImages.writePng(picture, dir.resolve("picture.png"));
    Path eight =
        TestImages.vipsTiffsave(
            png, dir.resolve("eight.tif"), "--tile", "--pyramid", "--compression", "deflate");
    Path sixteen = wide(png, "ushort", 257, "zstd");
    SampleWindow window = SampleWindow.percentiles(5, 90);
    List<byte[]> read = new ArrayList<>();
    for (Path file : List.of(eight, sixteen, png)) {
      try (SlideReader reader = SlideReaders.open(file.toUri(), window, CONF)) {
        read.add(reader.readRegion(RegionRequest.of(0, 0, 0, W, H)).pixels());
      }
    }
    assertThat(read.get(1)).isEqualTo(read.get(0));
    assertThat(read.get(2)).isEqualTo(read.get(0));
    long clippedHigh = 0;
    for (byte b : read.get(0)) {
      clippedHigh += (b & 0xff) == 255 ? 1 : 0;
    }
    assertThat(clippedHigh).isBetween(W * H / 20L, W * H / 5L); // about the top 10 %
  }

  /** Four gray pictures as the four 16-bit channels of one slide: each channel reads back. */
  @Test
  void aMultiChannelSlideGivesEachChannel() throws Exception {
    List<BufferedImage> channels = new ArrayList<>();
    StringBuilder bands = new StringBuilder();
    for (int c = 0; c < 4; c++) {
      BufferedImage channel = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          channel.getRaster().setSample(x, y, 0, (x * (c + 1) + y * (5 - c)) % 256);
        }
      }
      channels.add(channel);
      bands.append(TestImages.writePng(channel, dir.resolve("c" + c + ".png"))).append(' ');
    }
    Path joined = dir.resolve("joined.v");
    TestImages.run("vips", "bandjoin", bands.toString().trim(), joined.toString());
    Path tiff = wide(joined, "ushort", 257, "deflate");
    try (SlideReader reader = SlideReaders.open(tiff.toUri(), CONF)) {
      assertThat(reader.pyramid().channels()).isEqualTo(4);
      PixelRegion region = reader.readRegion(RegionRequest.of(0, 90, 60, 300, 200));
      for (int c = 0; c < 4; c++) {
        for (int y = 0; y < 200; y += 3) {
          for (int x = 0; x < 300; x += 5) {
            assertThat(region.sample(x, y, c))
                .as("channel %d at %d,%d", c, x, y)
                .isEqualTo(channels.get(c).getRaster().getSample(90 + x, 60 + y, 0));
          }
        }
      }
      assertThat(region.forDisplay().channels()).isEqualTo(1);
      assertThatThrownBy(() -> region.toChannels(3))
          .hasMessageContaining("4 channels cannot become 3");
    }
  }

  @Test
  void signedSamplesAreRefusedNamingTheKind() throws Exception {
    Path png =
        TestImages.writePng(
            TestImages.pattern(300, 200, BufferedImage.TYPE_BYTE_GRAY), dir.resolve("p.png"));
    Path signed = dir.resolve("signed.v");
    TestImages.run("vips", "cast", png.toString(), signed.toString(), "short");
    Path tiff = TestImages.vipsTiffsave(signed, dir.resolve("signed.tif"), "--tile");
    assertThatThrownBy(() -> SlideReaders.open(tiff.toUri(), CONF).close())
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("signed.tif")
        .hasMessageContaining("16-bit signed samples are not supported");
  }

  /** {@code png} times {@code factor} as 16-bit or float samples, in a libvips tiled pyramid. */
  private Path wide(Path png, String format, double factor, String compression) throws Exception {
    Path scaled = dir.resolve("scaled.v");
    Path cast = dir.resolve("cast-" + format + ".v");
    TestImages.run(
        "vips", "linear", png.toString(), scaled.toString(), String.valueOf(factor), "0");
    TestImages.run("vips", "cast", scaled.toString(), cast.toString(), format);
    List<String> options =
        new ArrayList<>(
            List.of("--tile", "--pyramid", "--tile-width", "128", "--tile-height", "128"));
    options.add("--compression");
    options.addAll(List.of(compression.split(" ")));
    return TestImages.vipsTiffsave(
        cast,
        dir.resolve(format + "-" + compression.replace(' ', '_') + ".tif"),
        options.toArray(String[]::new));
  }

  private static int type(String colour) {
    return colour.equals("gray") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
  }
}
