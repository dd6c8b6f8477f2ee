package org.slideseg.jobs.segment.outputs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slideseg.jobs.segment.records.MaskFormat;
import org.slideseg.jobs.segment.records.SlideRef;

/**
 * Removes earlier runs' outputs of a slide at a run's commit: all of them where the slide failed
 * now (or lives on under a new id), the optional ones this run did not make where it is OK, so that
 * no stale file passes for this run's. Only the paths of {@link OutputLayout}. Lists {@code masks/}
 * once, not once per slide: on S3 a listing is a request per thousand files.
 */
public final class SlideOutputRemoval {
  private static final Pattern PROBABILITY_FILE =
      Pattern.compile(
          "("
              + SlideRef.ID_PATTERN
              + ")"
              + Pattern.quote(OutputLayout.PROBABILITY)
              + "([0-9]+)\\.tif");

  private final OutputLayout layout;
  private final FileSystem fs;

  /** Each slide's probability TIFFs by class index, of whatever class count wrote them. */
  private final Map<String, SortedMap<Integer, Path>> probabilities = new HashMap<>();

  public SlideOutputRemoval(OutputLayout layout, Configuration conf) throws IOException {
    this.layout = layout;
    this.fs = layout.fileSystem(conf);
    for (FileStatus f : listed(layout.masks())) {
      Matcher m = PROBABILITY_FILE.matcher(f.getPath().getName());
      if (m.matches()) {
        probabilities
            .computeIfAbsent(m.group(1), id -> new TreeMap<>())
            .put(Integer.parseInt(m.group(2)), f.getPath());
      }
    }
  }

  /** Every output of the slide; the completion record first: without it nothing is reused. */
  public void all(String slideId) throws IOException {
    fs.delete(layout.completed(slideId), false);
    fs.delete(layout.tiles(slideId), true);
    fs.delete(layout.mask(slideId), false);
    fs.delete(layout.labels(slideId), true);
    fs.delete(layout.preview(slideId), false);
    optionalNotMade(slideId, MaskFormat.BOTH, false, 0);
  }

  /**
   * The slide's mask files of the format it was not written in this time ({@code made}), its
   * polygons unless {@code polygons}, and its probability TIFFs of class index {@code
   * probabilities} and above.
   */
  public void optionalNotMade(String slideId, MaskFormat made, boolean polygons, int probabilities)
      throws IOException {
    if (!made.tiff()) {
      fs.delete(layout.mask(slideId), false);
    }
    if (!made.zarr()) {
      fs.delete(layout.labels(slideId), true);
    }
    if (!polygons) {
      fs.delete(layout.geojson(slideId), false);
      fs.delete(layout.polygons(slideId).getParent(), true);
    }
    var files = this.probabilities.getOrDefault(slideId, new TreeMap<>());
    for (Path file : files.tailMap(probabilities).values()) {
      fs.delete(file, false);
    }
  }

  private List<FileStatus> listed(Path dir) throws IOException {
    try {
      return List.of(fs.listStatus(dir));
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }
}
