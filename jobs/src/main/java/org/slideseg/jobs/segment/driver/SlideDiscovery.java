package org.slideseg.jobs.segment.driver;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.SourceVersion;

/**
 * Expands the {@code --input} values into slides, on the driver: URIs, directories (their image
 * files), globs and {@code @list} files. A file named twice, in any spelling, is taken once ({@link
 * SlideRef#canonical}). Files named explicitly or by a glob are all taken; files found by listing a
 * directory are taken only when their name says they are images, so a folder's notes and
 * spreadsheets are skipped, not failed.
 */
public final class SlideDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(SlideDiscovery.class);
  private static final Pattern IMAGE_NAME =
      Pattern.compile(".*\\.(tiff?|svs|btf|png|jpe?g)$", Pattern.CASE_INSENSITIVE);

  private SlideDiscovery() {}

  public static List<SlideRef> discover(List<String> inputs, Configuration conf)
      throws IOException, UsageException {
    Map<URI, SlideRef> slides = new LinkedHashMap<>();
    for (String input : inputs) {
      for (String pattern :
          input.startsWith("@") ? readList(input.substring(1), conf) : List.of(input)) {
        for (SlideRef ref : expand(pattern, conf)) {
          slides.putIfAbsent(sameFile(ref.uri()), ref);
        }
      }
    }
    if (slides.isEmpty()) {
      throw new UsageException("--input " + inputs + " matched no image files");
    }
    return checkUnique(List.copyOf(slides.values()));
  }

  private static List<String> readList(String listFile, Configuration conf)
      throws IOException, UsageException {
    Path path = new Path(listFile);
    List<String> lines = new ArrayList<>();
    try (var in =
        new BufferedReader(
            new InputStreamReader(path.getFileSystem(conf).open(path), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          lines.add(line.strip());
        }
      }
    } catch (FileNotFoundException e) {
      throw new UsageException("--input @" + listFile + ": the list file does not exist");
    }
    return lines;
  }

  /**
   * What names one file for the run: a local file's real path, so that a file named through a
   * symbolic link and directly is segmented once (under the first name); else its canonical URI.
   */
  private static URI sameFile(URI uri) {
    if (!"file".equals(uri.getScheme())) {
      return uri;
    }
    try {
      // ASCII: the JDK's file URIs escape other characters, which a canonical URI keeps as they are
      return java.nio.file.Path.of(URI.create(uri.toASCIIString())).toRealPath().toUri();
    } catch (IOException | RuntimeException e) {
      return uri; // gone since it was listed: the segment step reports it
    }
  }

  /**
   * The files {@code input} names: itself where it exists as written (as a path, or as a URI whose
   * escapes such as {@code %5B} are decoded), as shells take a file named {@code a[1].tif}; else
   * the matches of its glob.
   */
  private static List<SlideRef> expand(String input, Configuration conf)
      throws IOException, UsageException {
    Path path = new Path(input);
    FileSystem fs = path.getFileSystem(conf);
    Optional<FileStatus> written = asWritten(input, path, fs);
    FileStatus[] matches =
        written.isPresent() ? new FileStatus[] {written.get()} : fs.globStatus(path);
    if (matches == null || matches.length == 0) {
      throw new UsageException("--input " + input + " does not exist or matches no files");
    }
    List<SlideRef> out = new ArrayList<>();
    for (FileStatus m : matches) {
      if (m.isFile() && !hidden(m)) {
        out.add(SlideRef.of(m.getPath().toUri(), SourceVersion.of(m, fs)));
      } else if (m.isDirectory()) {
        for (FileStatus f : fs.listStatus(m.getPath())) {
          if (f.isFile() && !hidden(f) && isImageName(f)) {
            out.add(SlideRef.of(f.getPath().toUri(), SourceVersion.of(f, fs)));
          } else if (f.isFile() && !hidden(f)) {
            LOG.info("skipping {}: its name does not end in an image extension", f.getPath());
          } else if (f.isDirectory() && !hidden(f)) {
            LOG.info(
                "skipping folder {}: a folder input takes the images directly in it; name"
                    + " subfolders with a glob such as {}/*/*.tif",
                f.getPath(),
                m.getPath());
          }
        }
      }
    }
    out.sort((a, b) -> a.uri().compareTo(b.uri()));
    return out;
  }

  /** The file or folder {@code input} names as a URI with escapes, else as {@code path}, if any. */
  private static Optional<FileStatus> asWritten(String input, Path path, FileSystem fs)
      throws IOException {
    List<Path> spellings = new ArrayList<>();
    try {
      URI uri = new URI(input);
      if (uri.getScheme() != null && uri.getPath() != null) {
        spellings.add(new Path(uri));
      }
    } catch (URISyntaxException e) {
      // Not a URI (a plain path, or one with characters a URI must escape): taken as written.
    }
    spellings.add(path);
    for (Path p : spellings) {
      try {
        return Optional.of(fs.getFileStatus(p));
      } catch (FileNotFoundException e) {
        // the next spelling, then the glob
      }
    }
    return Optional.empty();
  }

  private static boolean hidden(FileStatus f) {
    String name = f.getPath().getName();
    return name.startsWith(".") || name.startsWith("_");
  }

  private static boolean isImageName(FileStatus f) {
    return IMAGE_NAME.matcher(f.getPath().getName().toLowerCase(Locale.ROOT)).matches();
  }

  /** Two URIs with one id would share outputs; with 48-bit hashes this needs millions of slides. */
  private static List<SlideRef> checkUnique(List<SlideRef> refs) throws UsageException {
    Map<String, URI> seen = new HashMap<>();
    for (SlideRef ref : refs) {
      URI other = seen.putIfAbsent(ref.slideId(), ref.uri());
      if (other != null) {
        throw new UsageException(
            "inputs "
                + other
                + " and "
                + ref.uri()
                + " hash to the same slide id "
                + ref.slideId()
                + "; segment them into different --out directories");
      }
    }
    return refs;
  }
}
