package org.slideseg.jobs.segment.records;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slideseg.common.slide.SampleWindow;
import org.slideseg.common.slide.SlideFormatException;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;

/**
 * A slide to segment: its URI, the version of the file found at discovery, and the id that names
 * its outputs.
 *
 * <p>The id is the file name restricted to letters and digits of any script and {@code ._-}
 * (composed as Unicode's NFC, never starting with '.' or '_', which Spark and Hadoop treat as
 * hidden) followed by {@code -} and 12 hex digits of a hash of the file's canonical URI ({@link
 * #canonical}). So no input name can steer an output path; two sources never share an id within an
 * output, in one run or across runs; the same file always gets the same id, however its URI was
 * spelled or listed (a symbolic link's path is a URI of its own); and an id is never a number or a
 * date, so readers that infer partition types keep it a string.
 */
public record SlideRef(String slideId, URI uri, SourceVersion version) implements Serializable {
  private static final String[] EXTENSIONS = {
    ".ome.tiff", ".ome.tif", ".tiff", ".tif", ".svs", ".btf", ".png", ".jpeg", ".jpg"
  };

  /** Every id has this form; the output guard recognises slideseg's files by it. */
  public static final String ID_PATTERN = "[\\p{L}\\p{N}-][\\p{L}\\p{N}._-]*-[0-9a-f]{12}";

  public SlideRef {
    if (!slideId.matches(ID_PATTERN)) {
      throw new IllegalArgumentException(
          "slide id \"" + slideId + "\" is not a name followed by a 12-digit hash");
    }
  }

  /** The slide at {@code uri}, in any spelling, as it was when discovered. */
  public static SlideRef of(URI uri, SourceVersion version) {
    URI canonical = canonical(uri);
    return new SlideRef(idOf(canonical.toString()), canonical, version);
  }

  /**
   * One spelling per file: the scheme in lower case, always an authority part ({@code file:///a},
   * never {@code file:/a}, which is how Hadoop names the matches of a glob), and the path without
   * {@code .}, {@code ..}, repeated or trailing slashes. So a glob, a directory, a plain path, a
   * {@code file:} URI and an {@code @list} line name a file alike, and so do the listings of an
   * object store.
   */
  public static URI canonical(URI uri) {
    URI u = new Path(uri).toUri();
    String scheme = u.getScheme() == null ? "file" : u.getScheme().toLowerCase(Locale.ROOT);
    String path =
        u.getPath().isEmpty() ? "/" : URI.create("x:" + u.getRawPath()).normalize().getPath();
    try {
      return new URI(scheme, u.getAuthority() == null ? "" : u.getAuthority(), path, null, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "cannot name " + uri + " canonically: " + e.getMessage(), e);
    }
  }

  /**
   * Ids that earlier versions of slideseg gave this file besides {@link #slideId}, under which an
   * output may hold it; the job replaces such copies. slideseg 0.1 hashed the spelling Hadoop
   * returned, {@code scheme:/path}, for the matches of a glob where a path without authority is
   * concerned; and kept only ASCII letters of the name.
   */
  public List<String> legacyIds() {
    String name = asciiNameOf(new Path(uri).getName());
    Set<String> ids = new LinkedHashSet<>();
    if (uri.getRawAuthority() == null) {
      ids.add(name + "-" + hashOf(uri.getScheme() + ":" + uri.getRawPath()));
    }
    ids.add(name + "-" + hashOf(uri.toString()));
    ids.remove(slideId);
    return List.copyOf(ids);
  }

  private static String idOf(String uri) {
    return nameOf(new Path(URI.create(uri)).getName()) + "-" + hashOf(uri);
  }

  /**
   * Opens the slide, its samples through {@code samples} (the model's window), refusing a file that
   * is no longer the version discovered: its results would be reported under the old version.
   */
  public SlideReader open(SampleWindow samples, Configuration conf) throws IOException {
    Path path = new Path(uri);
    FileStatus now = path.getFileSystem(conf).getFileStatus(path);
    if (now.getLen() != version.length() || now.getModificationTime() != version.modified()) {
      throw new SlideFormatException(
          uri
              + " changed while this run was using it (found at the start: "
              + version
              + "; now "
              + now.getLen()
              + " bytes, modified "
              + now.getModificationTime()
              + "); run again to segment the new version");
    }
    return SlideReaders.open(now, samples, conf);
  }

  /** The readable part of the id a file name gives: its letters and digits of any script. */
  public static String nameOf(String fileName) {
    return readable(
        Normalizer.normalize(withoutExtension(fileName), Normalizer.Form.NFC),
        "[^\\p{L}\\p{N}._-]");
  }

  /** The readable part as slideseg 0.1 made it, of ASCII letters and digits alone. */
  private static String asciiNameOf(String fileName) {
    return readable(withoutExtension(fileName), "[^A-Za-z0-9._-]");
  }

  private static String withoutExtension(String fileName) {
    for (String ext : EXTENSIONS) {
      if (fileName.toLowerCase(Locale.ROOT).endsWith(ext) && fileName.length() > ext.length()) {
        return fileName.substring(0, fileName.length() - ext.length());
      }
    }
    return fileName;
  }

  private static String readable(String name, String unsafe) {
    String id = name.replaceAll(unsafe, "_").replaceAll("^[._]+", "");
    return id.isEmpty() ? "slide" : id;
  }

  /** 48 bits of SHA-256 of the URI: collisions are unlikely below millions of slides. */
  private static String hashOf(String uri) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
