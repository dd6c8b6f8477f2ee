package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.mask.PreviewRenderer;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.executor.FaultInjection;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.outputs.CompletedSlide;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.WholeFiles;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.BlockKey;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.MaskBlock;
import org.slideseg.jobs.segment.records.TaskSettings;
import scala.Tuple2;

/**
 * The second half of the assemble step: consumes each slide's compressed mask blocks, puts them in
 * raster order ({@link BlocksInRasterOrder}), stitches them into a pyramidal TIFF on local disk
 * (byte copying, plus the few small top levels), and with --probabilities each class's probability
 * pyramid likewise; copies them to {@code masks/}, renders the preview and writes the completion
 * record. A failed or missing block fails the slide.
 */
public final class StitchMasks
    implements FlatMapFunction<Iterator<Tuple2<BlockKey, MaskBlock>>, AssembledSlide> {
  private static final Logger LOG = LoggerFactory.getLogger(StitchMasks.class);

  private final Map<String, InspectedSlide> slides;
  private final Map<String, PyramidBlocks> blocks;
  private final TaskSettings settings;
  private final OutputLayout layout;
  private final TaskMeters meters;

  public StitchMasks(
      Map<String, InspectedSlide> slides,
      Map<String, PyramidBlocks> blocks,
      TaskSettings settings,
      OutputLayout layout,
      TaskMeters meters) {
    this.slides = Map.copyOf(slides);
    this.blocks = Map.copyOf(blocks);
    this.settings = settings;
    this.layout = layout;
    this.meters = meters;
  }

  /** Takes each slide's blocks in the order the shuffle delivers them (a partition per slide). */
  @Override
  public Iterator<AssembledSlide> call(Iterator<Tuple2<BlockKey, MaskBlock>> rows)
      throws IOException {
    Map<String, SlideAssembly> assemblies = new LinkedHashMap<>();
    while (rows.hasNext()) {
      MaskBlock block = rows.next()._2();
      String id = block.slideId();
      SlideAssembly assembly = assemblies.get(id);
      if (assembly == null) {
        assembly = new SlideAssembly(slides.get(id), blocks.get(id));
        assemblies.put(id, assembly);
      }
      assembly.offer(block);
    }
    List<AssembledSlide> out = new ArrayList<>();
    for (SlideAssembly assembly : assemblies.values()) {
      out.add(assembly.finish());
      FaultInjection.ASSEMBLE.failNow(settings.hadoop().get());
    }
    return out.iterator();
  }

  /** One slide's mask in progress. Records its first failure and ignores the rest of its blocks. */
  private final class SlideAssembly {
    private final InspectedSlide slide;
    private final long[] classPixels;
    private final long started = System.nanoTime();
    private StitchedTiff mask;
    private final List<StitchedTiff> probabilities = new ArrayList<>(); // one per class, or none
    private final BlocksInRasterOrder order;
    private SlideRegions regions;
    private int tiles;
    private String error;

    SlideAssembly(InspectedSlide slide, PyramidBlocks grid) throws IOException {
      this.slide = slide;
      this.classPixels = new long[settings.spec().classes().size()];
      String id = slide.slide().slideId();
      this.order = new BlocksInRasterOrder(id, this::add);
      try {
        mask =
            new StitchedTiff(
                id, grid, Resampling.NEAREST, MaskTiffTags.mask(slide, settings.spec()));
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
        mask.add(block.encoded());
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
        return new AssembledSlide(id, null, null, classPixels, null, tiles, seconds, error);
      }
      var done =
          new AssembledSlide(
              id,
              layout.mask(id).toString(),
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
      mask.finish();
      publish(layout.mask(id), mask.file());
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

    /** Renders the preview from the slide and the local TIFF, and publishes it whole. */
    private void publishPreview() throws IOException {
      Configuration conf = settings.hadoop().get();
      byte[] png;
      try (SlideReader image = slide.slide().open(slide.samples(), conf);
          SlideReader labels = SlideReaders.openLabels(mask.file().toUri(), conf)) {
        png =
            PreviewRenderer.render(
                image, slide.level(), labels, settings.spec(), settings.outputs().previewSize());
      }
      WholeFiles.write(
          fileSystem(), layout.preview(slide.slide().slideId()), out -> out.write(png));
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
}
