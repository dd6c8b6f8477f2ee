package org.slideseg.jobs.segment.outputs;

import com.google.gson.Gson;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.mask.OmeZarrLabels;
import org.slideseg.common.slide.SampleWindow;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.SourceVersion;
import org.slideseg.jobs.segment.records.TaskSettings;

/**
 * The record, written under {@code _done/} once a slide's mask and preview are published, that lets
 * a re-run after a crash skip the slide instead of segmenting it again. It is reused only for the
 * same URI, the same version of the slide file (length, modification time, ETag or checksum), the
 * same model files (fingerprint) and the same options that change results; a slide that fails in a
 * later run loses its record.
 */
public record CompletedSlide(
    String slideId,
    String uri,
    SourceVersion version,
    String reuseKey,
    int level,
    int width,
    int height,
    double downsample,
    Double mpp,
    long[] classPixels,
    long[] classRegions,
    long[] background,
    int tiles,
    double seconds,
    String maskUri,
    String labelsUri,
    List<String> probabilityUris,
    String runId) {

  private static final Gson GSON = new Gson();
  private static final Logger LOG = LoggerFactory.getLogger(CompletedSlide.class);

  public static CompletedSlide of(InspectedSlide s, AssembledSlide a, TaskSettings settings) {
    return new CompletedSlide(
        s.slide().slideId(),
        s.slide().uri().toString(),
        s.slide().version(),
        settings.run().reuseKey(),
        s.level(),
        s.width(),
        s.height(),
        s.downsample(),
        Double.isNaN(s.mpp()) ? null : s.mpp(),
        a.classPixels(),
        a.classRegions(),
        s.background().toLongArray(),
        a.tiles(),
        a.seconds(),
        a.maskUri(),
        a.labelsUri(),
        a.probabilityUris(),
        settings.run().runId());
  }

  public void write(OutputLayout layout, Configuration conf) throws IOException {
    Path path = layout.completed(slideId);
    FileSystem fs = path.getFileSystem(conf);
    byte[] json = GSON.toJson(this).getBytes(StandardCharsets.UTF_8);
    WholeFiles.write(fs, path, out -> out.write(json));
  }

  /**
   * The record of an earlier run for {@code slide}, if it was made under the same reuse key and the
   * outputs it describes are all there. A record that cannot be read (torn, or failing its
   * checksum) or whose tile rows or mask are missing (a run killed while replacing them) means "not
   * done", with a warning: the slide is segmented again.
   */
  public static Optional<CompletedSlide> find(
      SlideRef slide, String reuseKey, OutputLayout layout, Configuration conf) throws IOException {
    Path path = layout.completed(slide.slideId());
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      return Optional.empty();
    }
    CompletedSlide c;
    try (InputStream in = fs.open(path)) {
      c =
          GSON.fromJson(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), CompletedSlide.class);
    } catch (ChecksumException | RuntimeException e) {
      LOG.warn("{} is unreadable ({}); slide {} is segmented again", path, e, slide.slideId());
      return Optional.empty();
    }
    boolean same =
        c != null
            && slide.uri().equals(URI.create(c.uri()))
            && slide.version().equals(c.version())
            && reuseKey.equals(c.reuseKey());
    if (!same) {
      return Optional.empty();
    }
    if ((c.maskUri() == null && c.labelsUri() == null)
        || (c.maskUri() != null && !fs.exists(new Path(c.maskUri())))
        || (c.labelsUri() != null && !fs.exists(new Path(c.labelsUri(), OmeZarrLabels.MULTISCALES)))
        || (c.probabilityUris() != null && !allExist(fs, c.probabilityUris()))
        || (c.classRegions() != null
            && !(fs.exists(layout.geojson(slide.slideId()))
                && fs.exists(layout.polygons(slide.slideId()))))
        || !hasTileRows(fs, layout.tiles(slide.slideId()))) {
      LOG.warn(
          "slide {} was finished by run {}, but its mask, probabilities, polygons or tile rows are"
              + " missing (a run"
              + " killed while replacing them?); it is segmented again",
          slide.slideId(),
          c.runId());
      return Optional.empty();
    }
    return Optional.of(c);
  }

  private static boolean allExist(FileSystem fs, List<String> uris) throws IOException {
    for (String uri : uris) {
      if (!fs.exists(new Path(uri))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a slide's partition of the tiles table holds Parquet data. */
  private static boolean hasTileRows(FileSystem fs, Path partition) throws IOException {
    try {
      return Arrays.stream(fs.listStatus(partition))
          .anyMatch(f -> f.getPath().getName().endsWith(".parquet") && f.getLen() > 0);
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  public InspectedSlide inspected() {
    return new InspectedSlide(
        new SlideRef(slideId, URI.create(uri), version),
        level,
        width,
        height,
        downsample,
        mpp == null ? Double.NaN : mpp,
        BitSet.valueOf(background),
        SampleWindow.FULL_RANGE, // a reused slide is not read again
        null);
  }

  public AssembledSlide assembled() {
    return new AssembledSlide(
        slideId,
        maskUri,
        labelsUri,
        probabilityUris,
        classPixels,
        classRegions,
        tiles,
        seconds,
        null);
  }
}
