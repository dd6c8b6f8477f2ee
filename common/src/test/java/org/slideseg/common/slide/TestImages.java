package org.slideseg.common.slide;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;

/**
 * Test images with structure at every scale, libvips, the reference writer of pyramidal TIFF, and
 * the other tools the tests run.
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
   * A Hadoop configuration with {@code fileSystem} serving {@code scheme}, a new instance for each
   * lookup (Hadoop's cache would share one across tests).
   */
  public static Configuration withFileSystem(String scheme, Class<?> fileSystem) {
    Configuration conf = new Configuration();
    conf.set("fs." + scheme + ".impl", fileSystem.getName());
    conf.setBoolean("fs." + scheme + ".impl.disable.cache", true);
    return conf;
  }

  /** The files in the temp folder whose names start with {@code prefix}, sorted. */
  public static List<Path> tempFiles(String prefix) throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
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
   * Runs a tool the tests call (libvips, Debian's Python, a JVM of its own) and returns what it
   * printed; fails the test, with what the tool printed, if it is missing, fails, or takes over a
   * minute.
   */
  public static String run(String... command) throws Exception {
    return run(Map.of(), command);
  }

  /** As {@link #run(String...)}, with {@code env} added to the tool's environment. */
  public static String run(Map<String, String> env, String... command) throws Exception {
    return run(Duration.ofMinutes(1), env, command);
  }

  /**
   * As {@link #run(String...)}, within {@code limit}: what the tool prints goes to a file, so that
   * the wait can end at the limit whatever the tool does with its output, and a hung tool is
   * killed.
   */
  public static String run(Duration limit, Map<String, String> env, String... command)
      throws Exception {
    Path log = Files.createTempFile("slideseg-test-tool-", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      boolean finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.destroyForcibly().waitFor();
      }
      String printed = new String(Files.readAllBytes(log));
      if (!finished || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + (finished ? " failed" : " did not finish in " + limit.toSeconds() + " s")
                + " (see the README's test tools):\n"
                + printed);
      }
      return printed;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * The command that runs {@code main} in a fresh JVM on the tests' class path, for what a JVM
   * settles once (which native libraries load, which kernels a library picks).
   */
  public static String[] java(Class<?> main, String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    return command.toArray(String[]::new);
  }
}
