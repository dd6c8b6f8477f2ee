package org.slideseg.jobs.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The ISBI 2012 membrane U-Net packed into the jar, so that the demo and the bench run from any
 * directory with nothing but the jar.
 */
public final class BundledModel {
  private static final String RESOURCES = "/org/slideseg/jobs/demo/model/";

  private BundledModel() {}

  /** Copies the model out of the jar into {@code dir}, which a job then reads like any model. */
  public static Path extractTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of("model.json", "model.pt")) {
      try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IOException("bundled model file " + name + " is missing from the jar");
        }
        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }
}
