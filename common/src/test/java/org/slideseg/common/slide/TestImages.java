package org.slideseg.common.slide;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Test images with structure at every scale, and libvips, the reference writer of pyramidal TIFF.
 */
public final class TestImages {
  private TestImages() {}

  /** A smooth pattern plus fine texture, so JPEG keeps it close and every tile differs. */
  public static BufferedImage pattern(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (int) (127 + 100 * Math.sin(x / 37.0) * Math.cos(y / 23.0));
        int g = (int) (127 + 100 * Math.sin(x / 11.0 + y / 17.0));
        int b = (int) (127 + 120 * Math.sin((x + y) / 91.0));
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  public static Path writePng(BufferedImage image, Path file) throws IOException {
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  /**
   * Runs {@code vips tiffsave} with the given options; fails the test if vips is missing or fails.
   */
  public static Path vipsTiffsave(Path in, Path out, String... options) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("vips", "tiffsave", in.toString(), out.toString()));
    command.addAll(List.of(options));
    run(command.toArray(String[]::new));
    return out;
  }

  /**
   * Runs a tool the tests call (libvips, Debian's Python); fails the test, with what the tool
   * printed, if it is missing, fails, or takes over a minute.
   */
  public static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (see the README's test tools):\n" + log);
    }
  }
}
