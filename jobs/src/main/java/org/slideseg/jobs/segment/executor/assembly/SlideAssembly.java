package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.mask.PreviewRenderer;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.outputs.CompletedSlide;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.WholeFiles;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.MaskBlock;
import org.slideseg.jobs.segment.records.MaskFormat;
import org.slideseg.jobs.segment.records.TaskSettings;

/** One slide's mask in progress. Records its first failure and ignores the rest of its blocks. */
final class SlideAssembly {
  private static final Logger LOG = LoggerFactory.getLogger(SlideAssembly.class);

  private final TaskSettings settings;
  private final OutputLayout layout;
  private final TaskMeters meters;
  private final InspectedSlide slide;
  private final long[] classPixels;
  private final long started = System.nanoTime();
  private StitchedTiff mask; // null without a TIFF
  private ZarrTopLevels labels; // null without OME-Zarr
  private final List<StitchedTiff> probabilities = new ArrayList<>(); // one per class, or none
  private final BlocksInRasterOrder order;
  private SlideRegions regions;
  private int tiles;
  private String error;

  SlideAssembly(AssemblyPlan plan, String slideId) throws IOException {
    this.settings = plan.settings();
    this.layout = plan.layout();
    this.meters = plan.meters();
    this.slide = plan.slides().get(slideId);
    PyramidBlocks grid = plan.blocks().get(slideId);
    this.classPixels = new long[settings.spec().classes().size()];
    String id = slide.slide().slideId();
    this.order = new BlocksInRasterOrder(id, this::add);
    try {
      MaskFormat format = settings.outputs().maskFormat();
      mask =
          format.tiff()
              ? new StitchedTiff(
                  id, grid, Resampling.NEAREST, MaskTiffTags.mask(slide, settings.spec()))
              : null;
      labels = format.zarr() ? new ZarrTopLevels(plan.labelFiles(slideId), grid) : null;
      for (int c = 0; settings.probabilities() && c < classPixels.length; c++) {
        probabilities.add(
            new StitchedTiff(
                id, grid, Resampling.MEAN, MaskTiffTags.probability(slide, settings.spec(), c)));
      }
      regions =
          settings.outputs().polygons()
              ? new SlideRegions(slide, settings.spec(), settings.hadoop().get())
              : null;
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Takes a delivered block: stitched when its turn has come, else kept until it has. */
  void offer(MaskBlock block) throws IOException {
    if (error != null) {
      return;
    }
    try {
      order.offer(block);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void add(MaskBlock block) throws IOException {
    if (error != null) {
      return;
    }
    if (block.error() != null) {
      error = block.error();
      return;
    }
    try {
      if (mask != null) {
        mask.add(block.encoded());
      }
      if (labels != null) {
        labels.add(block.encoded());
      }
      if (block.probabilities().size() != probabilities.size()) {
        throw new IOException(
            "block "
                + block.block()
                + " has "
                + block.probabilities().size()
                + " probability pyramids, not "
                + probabilities.size());
      }
      for (int c = 0; c < probabilities.size(); c++) {
        probabilities.get(c).add(block.probabilities().get(c));
      }
      if (regions != null) {
        regions.add(block.regions());
      }
      for (int c = 0; c < classPixels.length; c++) {
        classPixels[c] += block.classPixels()[c];
      }
      tiles += block.tiles();
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  AssembledSlide finish() throws IOException {
    String id = slide.slide().slideId();
    long[] classRegions = null;
    List<String> probabilityUris = settings.probabilities() ? new ArrayList<>() : null;
    try {
      if (error == null) {
        classRegions = publishOutputs(probabilityUris);
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      closeQuietly();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    meters.count(TaskMeters.Count.MASKS, 1);
    if (error != null) {
      return new AssembledSlide(id, null, null, null, classPixels, null, tiles, seconds, error);
    }
    var done =
        new AssembledSlide(
            id,
            mask == null ? null : layout.mask(id).toString(),
            labels == null ? null : labels.image().toString(),
            probabilityUris,
            classPixels,
            classRegions,
            tiles,
            seconds,
            null);
    try {
      CompletedSlide.of(slide, done, settings).write(layout, settings.hadoop().get());
    } catch (IOException | RuntimeException e) {
      // Without the record the slide is simply segmented again by a re-run; the mask is complete.
      LOG.warn("slide {}: cannot write its completion record: {}", id, e.toString());
    }
    return done;
  }

  /**
   * Finishes and publishes the mask, the probability images (adding their URIs to {@code
   * probabilityUris}), the polygons and the preview; returns each class's region count, or null
   * without polygons.
   */
  private long[] publishOutputs(List<String> probabilityUris) throws IOException {
    String id = slide.slide().slideId();
    if (mask != null) {
      mask.finish();
      publish(layout.mask(id), mask.file());
    }
    if (labels != null) {
      labels.finish();
    }
    for (int c = 0; c < probabilities.size(); c++) {
      probabilities.get(c).finish();
      publish(layout.probability(id, c), probabilities.get(c).file());
      probabilityUris.add(layout.probability(id, c).toString());
    }
    meters.since(TaskMeters.Stage.STITCH, started);
    long[] classRegions = null;
    if (regions != null) {
      long polygonsStarted = System.nanoTime();
      classRegions = regions.finish();
      publishPolygons();
      meters.since(TaskMeters.Stage.POLYGONS, polygonsStarted);
    }
    long previewStarted = System.nanoTime();
    publishPreview();
    meters.since(TaskMeters.Stage.PREVIEW, previewStarted);
    return classRegions;
  }

  /** Publishes the regions' GeoJSON and GeoParquet files, each whole under its final name. */
  private void publishPolygons() throws IOException {
    String id = slide.slide().slideId();
    publish(layout.geojson(id), regions.geojson());
    publish(layout.polygons(id), regions.parquet());
  }

  /** Publishes a local file whole under its final name. */
  private void publish(Path target, java.nio.file.Path file) throws IOException {
    try {
      WholeFiles.write(fileSystem(), target, out -> Files.copy(file, out));
    } catch (IOException e) {
      throw new IOException("writing " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renders the preview from the slide and the mask (the local TIFF, else the published label
   * image), and publishes it whole.
   */
  private void publishPreview() throws IOException {
    Configuration conf = settings.hadoop().get();
    URI maskUri = mask != null ? mask.file().toUri() : labels.image().toUri();
    byte[] png;
    try (SlideReader image = slide.slide().open(slide.samples(), conf);
        SlideReader classes = SlideReaders.openLabels(maskUri, conf)) {
      png =
          PreviewRenderer.render(
              image, slide.level(), classes, settings.spec(), settings.outputs().previewSize());
    }
    WholeFiles.write(fileSystem(), layout.preview(slide.slide().slideId()), out -> out.write(png));
  }

  private FileSystem fileSystem() throws IOException {
    return layout.fileSystem(settings.hadoop().get());
  }

  /** Records the slide's first defect; a storage error is thrown for Spark to retry the task. */
  private void fail(Exception e) throws IOException {
    if (error == null) {
      try {
        error = settings.run().failures().slideFailure("assembling the mask", e);
      } catch (IOException retry) {
        closeQuietly();
        throw retry;
      }
    }
  }

  private void closeQuietly() {
    order.discard();
    if (mask != null) {
      mask.discard();
    }
    probabilities.forEach(StitchedTiff::discard);
    if (regions != null) {
      regions.deleteQuietly();
    }
  }
}
