package org.slideseg.jobs.segment;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The record, written under {@code _done/} once a slide's mask and preview are published, that lets
 * a re-run after a crash skip the slide instead of segmenting it again. It is reused only for the
 * same URI, model files (fingerprint) and level option.
 */
record CompletedSlide(
    String slideId,
    String uri,
    String reuseKey,
    int level,
    int width,
    int height,
    double downsample,
    Double mpp,
    long[] classPixels,
    long[] background,
    int tiles,
    double seconds,
    String maskUri,
    String runId) {

  private static final Gson GSON = new Gson();

  static CompletedSlide of(InspectedSlide s, AssembledSlide a, TaskSettings settings) {
    return new CompletedSlide(
        s.slide().slideId(),
        s.slide().uri().toString(),
        settings.reuseKey(),
        s.level(),
        s.width(),
        s.height(),
        s.downsample(),
        Double.isNaN(s.mpp()) ? null : s.mpp(),
        a.classPixels(),
        s.background().toLongArray(),
        a.tiles(),
        a.seconds(),
        a.maskUri(),
        settings.runId());
  }

  void write(OutputLayout layout, Configuration conf) throws IOException {
    Path path = layout.completed(slideId);
    FileSystem fs = path.getFileSystem(conf);
    try (OutputStream out = fs.create(path, true)) {
      out.write(GSON.toJson(this).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The record of an earlier run for {@code slide}, if it was made under the same reuse key. */
  static Optional<CompletedSlide> find(
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
    } catch (RuntimeException e) {
      return Optional.empty(); // a torn record: the slide is simply done again
    }
    boolean same =
        c != null
            && slide.uri().equals(URI.create(c.uri()))
            && reuseKey.equals(c.reuseKey())
            && c.maskUri() != null
            && fs.exists(new Path(c.maskUri()));
    return same ? Optional.of(c) : Optional.empty();
  }

  InspectedSlide inspected() {
    return new InspectedSlide(
        new SlideRef(slideId, URI.create(uri)),
        level,
        width,
        height,
        downsample,
        mpp == null ? Double.NaN : mpp,
        BitSet.valueOf(background),
        null);
  }

  AssembledSlide assembled() {
    return new AssembledSlide(slideId, maskUri, classPixels, tiles, seconds, null);
  }
}
