package org.slideseg.jobs.segment;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.slideseg.common.slide.TestImages;

/** Small slides cut from the bundled ISBI slices, and a fast model directory for Spark tests. */
public final class TestSlides {
  public static final Path BUNDLED_MODEL = Path.of("..", "models", "unet-isbi2012");

  private TestSlides() {}

  /** The bundled model with 348 / 164 windows: same weights, fewer pixels per window. */
  public static Path smallWindowModel(Path dir) throws IOException {
    return smallWindow(BUNDLED_MODEL, "model.pt", dir);
  }

  /** The Java-trained classic U-Net (npz) with 348 / 164 windows: same weights, fewer pixels. */
  public static Path smallWindowJavaModel(Path dir) throws IOException {
    return smallWindow(Path.of("..", "models", "unet-classic-isbi2012"), "weights.npz", dir);
  }

  /** A copy of a 572 / 388 model directory that runs 348 / 164 windows (fully convolutional). */
  private static Path smallWindow(Path model, String weights, Path dir) throws IOException {
    Files.createDirectories(dir);
    String json =
        Files.readString(model.resolve("model.json"))
            .replace("\"inputTile\": 572", "\"inputTile\": 348")
            .replace("\"outputTile\": 388", "\"outputTile\": 164");
    Files.writeString(dir.resolve("model.json"), json);
    Files.copy(model.resolve(weights), dir.resolve(weights));
    return dir;
  }

  /** Gray pixels of a crop of bundled ISBI slice {@code slice} (20-24). */
  public static BufferedImage crop(String kind, int slice, int x, int y, int w, int h)
      throws IOException {
    try (InputStream in =
        TestSlides.class.getResourceAsStream(
            "/org/slideseg/jobs/demo/isbi2012/" + kind + "/" + slice + ".png")) {
      BufferedImage full = ImageIO.read(in);
      BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      out.getGraphics().drawImage(full.getSubimage(x, y, w, h), 0, 0, null);
      return out;
    }
  }

  /** A sepia RGB version of a gray image, whose luma stays close to the gray. */
  public static BufferedImage tinted(BufferedImage gray) {
    BufferedImage rgb =
        new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < gray.getHeight(); y++) {
      for (int x = 0; x < gray.getWidth(); x++) {
        int v = gray.getRaster().getSample(x, y, 0);
        int r = Math.min(255, v + 20);
        int b = Math.max(0, v - 25);
        rgb.setRGB(x, y, (r << 16) | (v << 8) | b);
      }
    }
    return rgb;
  }

  public static byte[] grayPixels(BufferedImage image) {
    return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
  }

  /**
   * Writes a folder as users have them: {@code good.tif} (a libvips JPEG pyramid, 500 x 420),
   * {@code small.png} (300 x 200), {@code notes.tif} (text) and {@code corrupt.tif} (a Deflate
   * pyramid whose middle is overwritten, so that a tile cannot be decoded).
   */
  public static Path goodAndBrokenSlides(Path in) throws Exception {
    Files.createDirectories(in);
    vipsSlide(crop("image", 21, 6, 40, 500, 420), in.resolve("good.tif"), "jpeg");
    ImageIO.write(crop("image", 23, 0, 0, 300, 200), "png", in.resolve("small.png").toFile());
    Files.writeString(in.resolve("notes.tif"), "this is not a slide");
    Path corrupt =
        vipsSlide(crop("image", 22, 0, 0, 500, 420), in.resolve("corrupt.tif"), "deflate");
    try (var f = new java.io.RandomAccessFile(corrupt.toFile(), "rw")) {
      f.seek(f.length() / 2);
      f.write(new byte[20_000]);
    }
    return in;
  }

  /**
   * A three-class {@link #linearHeadModel}, background, membrane and cell: logits 0, 2x and 0.5 - x
   * of the normalised input x.
   */
  public static Path threeClassModel(Path model) throws Exception {
    return linearHeadModel(
        model,
        new double[][] {{0}, {2}, {-1}},
        new double[] {0, 0, 0.5},
        json ->
            json.replace("[\"cell\", \"membrane\"]", "[\"background\", \"membrane\", \"cell\"]")
                .replace(
                    "[\"#00000000\", \"#ff2020\"]", "[\"#00000000\", \"#ff2020\", \"#2020ff\"]"));
  }

  /** The size of {@link #gradientWithThreeClassModel}'s slide: many windows, six mask blocks. */
  public static final int GRADIENT_WIDTH = 1300;

  public static final int GRADIENT_HEIGHT = 1000;

  /**
   * {@code dir/in/gradient.png} ({@link #gradientPng}) and {@code dir/model} ({@link
   * #threeClassModel}).
   */
  public static void gradientWithThreeClassModel(Path dir) throws Exception {
    gradientPng(dir.resolve("in/gradient.png"), GRADIENT_WIDTH, GRADIENT_HEIGHT);
    threeClassModel(dir.resolve("model"));
  }

  /** A gray {@code w x h} PNG of a pattern that runs through every gray value, in many windows. */
  public static Path gradientPng(Path png, int w, int h) throws IOException {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + x * y / 97) % 256);
      }
    }
    Files.createDirectories(png.getParent());
    ImageIO.write(image, "png", png.toFile());
    return png;
  }

  /**
   * The bundled model's windows and normalisation with the no-op network and a 1 x 1 head of the
   * given weights ({@code classes x channels}) and biases, so that its logits, and so its labels
   * and probabilities, are known in closed form; {@code edit} changes the rest of model.json
   * (classes, colours, input channels).
   */
  public static Path linearHeadModel(
      Path model, double[][] weights, double[] bias, UnaryOperator<String> edit) throws Exception {
    Files.createDirectories(model);
    String json =
        Files.readString(BUNDLED_MODEL.resolve("model.json"))
            .replace(
                "\"format\": \"torchscript\"",
                "\"format\": \"npz\", \"architecture\": {\"name\": \"no-op\", \"base\": 1}")
            .replace("\"model.pt\"", "\"weights.npz\"");
    Files.writeString(model.resolve("model.json"), edit.apply(json));
    run(
        "/usr/bin/python3",
        "-c",
        "import sys, json, numpy as np\n"
            + "w = np.array(json.loads(sys.argv[2]), np.float32)\n"
            + "w = w.reshape(w.shape[0], w.shape[1], 1, 1)\n"
            + "b = np.array(json.loads(sys.argv[3]), np.float32)\n"
            + "np.savez(sys.argv[1], **{'head.weight': w, 'head.bias': b})",
        model.resolve("weights.npz").toString(),
        java.util.Arrays.deepToString(weights),
        java.util.Arrays.toString(bias));
    return model;
  }

  /**
   * The bytes of a JPEG 2000 TIFF with the header of its first tile's codestream overwritten:
   * damage a decoder must notice (damage to coded data may decode, at lower quality, by design).
   */
  public static byte[] damageFirstJpeg2000Header(byte[] tiff) {
    for (int i = 0; i + 3 < tiff.length; i++) {
      if ((tiff[i] & 0xff) == 0xff && tiff[i + 1] == 0x4f && (tiff[i + 2] & 0xff) == 0xff) {
        java.util.Arrays.fill(tiff, i, i + 40, (byte) 0x5a);
        return tiff;
      }
    }
    throw new IllegalArgumentException("no JPEG 2000 codestream in the file");
  }

  /**
   * A pyramidal tiled TIFF written by libvips, as scanners' converters write them; {@code extra}
   * are more {@code vips tiffsave} options.
   */
  public static Path vipsSlide(BufferedImage image, Path out, String compression, String... extra)
      throws Exception {
    Path png = out.resolveSibling(out.getFileName() + ".source.png");
    ImageIO.write(image, "png", png.toFile());
    List<String> command =
        new ArrayList<>(
            List.of(
                "vips",
                "tiffsave",
                png.toString(),
                out.toString(),
                "--tile",
                "--pyramid",
                "--bigtiff",
                "--tile-width",
                "128",
                "--tile-height",
                "128",
                "--compression",
                compression));
    command.addAll(List.of(extra));
    run(command.toArray(String[]::new));
    Files.delete(png);
    return out;
  }

  /**
   * Runs a tool the tests call (libvips, OpenSlide, Debian's Python) and returns what it printed;
   * fails if it fails or takes over ten minutes.
   */
  public static String run(String... command) throws Exception {
    return run(Map.of(), command);
  }

  /** As {@link #run(String...)}, with {@code env} added to the environment. */
  public static String run(Map<String, String> env, String... command) throws Exception {
    return TestImages.run(Duration.ofMinutes(10), env, command);
  }
}
