package org.slideseg.jobs.segment;

import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A slide to segment: its URI and the id that names its outputs. The id is derived from the file
 * name and restricted to {@code [A-Za-z0-9._-]}, never starting with '.' or '_' (which Spark and
 * Hadoop treat as hidden), so no input name can steer an output path.
 */
public record SlideRef(String slideId, URI uri) implements Serializable {
  private static final String[] EXTENSIONS = {
    ".ome.tiff", ".ome.tif", ".tiff", ".tif", ".svs", ".btf", ".png", ".jpeg", ".jpg"
  };

  public SlideRef {
    if (!slideId.matches("[A-Za-z0-9-][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "slide id \"" + slideId + "\" has characters outside [A-Za-z0-9._-]");
    }
  }

  /** The id a file name gives, before any collision suffix. */
  static String idFromName(String fileName) {
    String name = fileName;
    for (String ext : EXTENSIONS) {
      if (name.toLowerCase(Locale.ROOT).endsWith(ext) && name.length() > ext.length()) {
        name = name.substring(0, name.length() - ext.length());
        break;
      }
    }
    String id = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
    return id.isEmpty() ? "slide" : id;
  }

  /** A short, stable hash of the URI, appended to ids that collide. */
  static String shortHash(URI uri) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(uri.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
