package org.slideseg.jobs.segment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slideseg.jobs.UsageException;

/**
 * Expands the {@code --input} values into slides, on the driver: URIs, directories (their files),
 * globs and {@code @list} files. Each slide gets a unique id; duplicates of the same URI are
 * dropped.
 */
public final class SlideDiscovery {
  private SlideDiscovery() {}

  public static List<SlideRef> discover(List<String> inputs, Configuration conf)
      throws IOException, UsageException {
    Set<URI> uris = new LinkedHashSet<>();
    for (String input : inputs) {
      for (String pattern :
          input.startsWith("@") ? readList(input.substring(1), conf) : List.of(input)) {
        uris.addAll(expand(pattern, conf));
      }
    }
    if (uris.isEmpty()) {
      throw new UsageException("--input " + inputs + " matched no files");
    }
    return assignIds(new ArrayList<>(uris));
  }

  private static List<String> readList(String listFile, Configuration conf) throws IOException {
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
    }
    return lines;
  }

  private static List<URI> expand(String pattern, Configuration conf)
      throws IOException, UsageException {
    Path path = new Path(pattern);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(path);
    if (matches == null || matches.length == 0) {
      throw new UsageException("--input " + pattern + " does not exist or matches no files");
    }
    List<URI> out = new ArrayList<>();
    for (FileStatus m : matches) {
      FileStatus[] files = m.isDirectory() ? fs.listStatus(m.getPath()) : new FileStatus[] {m};
      for (FileStatus f : files) {
        String name = f.getPath().getName();
        if (f.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
          out.add(f.getPath().toUri());
        }
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Ids from file names; colliding ids all get a hash of their URI so that none depends on order.
   */
  static List<SlideRef> assignIds(List<URI> uris) {
    Map<String, Integer> counts = new HashMap<>();
    for (URI uri : uris) {
      counts.merge(SlideRef.idFromName(new Path(uri).getName()), 1, Integer::sum);
    }
    List<SlideRef> refs = new ArrayList<>();
    for (URI uri : uris) {
      String id = SlideRef.idFromName(new Path(uri).getName());
      refs.add(new SlideRef(counts.get(id) > 1 ? id + "-" + SlideRef.shortHash(uri) : id, uri));
    }
    return refs;
  }
}
