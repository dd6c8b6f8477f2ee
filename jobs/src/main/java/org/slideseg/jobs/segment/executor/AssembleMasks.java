package org.slideseg.jobs.segment.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.common.mask.PreviewRenderer;
import org.slideseg.common.mask.PyramidTiffWriter;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.mask.TiffMetadata;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.CompletedSlide;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.OutputLayout;
import org.slideseg.jobs.segment.records.TaskSettings;
import org.slideseg.jobs.segment.records.TileRows.Tile;
import org.slideseg.jobs.segment.records.WholeFiles;

/**
 * The assemble step: consumes mask tiles sorted by (slide_id, y, x), streams each slide's tiles
 * band by band into a pyramidal TIFF on local disk, copies it to {@code masks/}, and renders the
 * preview. Holds one band of tiles per slide, never a whole mask. A missing or misplaced tile fails
 * that slide.
 */
public final class AssembleMasks implements MapPartitionsFunction<Row, AssembledSlide> {
  private static final Logger LOG = LoggerFactory.getLogger(AssembleMasks.class);
  public static final int TIFF_TILE = 256;

  private final Map<String, InspectedSlide> slides;
  private final TaskSettings settings;
  private final OutputLayout layout;

  public AssembleMasks(
      Map<String, InspectedSlide> slides, TaskSettings settings, OutputLayout layout) {
    this.slides = Map.copyOf(slides);
    this.settings = settings;
    this.layout = layout;
  }

  @Override
  public Iterator<AssembledSlide> call(Iterator<Row> rows) throws IOException {
    List<AssembledSlide> out = new ArrayList<>();
    Tile next = rows.hasNext() ? Tile.of(rows.next()) : null;
    while (next != null) {
      String slideId = next.slideId();
      List<Tile> band = new ArrayList<>();
      var assembly = new SlideAssembly(slides.get(slideId));
      // Feed this slide's tiles band by band; after a failure, its remaining tiles are skipped.
      while (next != null && slideId.equals(next.slideId())) {
        if (!band.isEmpty() && band.get(0).y() != next.y()) {
          assembly.addBand(band);
          band.clear();
        }
        band.add(next);
        next = rows.hasNext() ? Tile.of(rows.next()) : null;
      }
      assembly.addBand(band);
      out.add(assembly.finish());
      FaultInjection.ASSEMBLE.failNow(settings.hadoop().get());
    }
    return out.iterator();
  }

  /** A write to a slide's local temporary mask. */
  private interface LocalWrite {
    void run() throws IOException;
  }

  /** One slide's mask in progress. Records its first failure and ignores the rest of its rows. */
  private final class SlideAssembly {
    private final InspectedSlide slide;
    private final long[] classPixels;
    private final long started = System.nanoTime();
    private java.nio.file.Path local;
    private PyramidTiffWriter writer;
    private byte[] bandPixels;
    private int nextY;
    private int tiles;
    private String error;

    SlideAssembly(InspectedSlide slide) throws IOException {
      this.slide = slide;
      this.classPixels = new long[settings.spec().classes().size()];
      try {
        local = TaskTempFiles.create(slide.slide().slideId(), ".tif");
        String description =
            "slideseg mask of "
                + slide.slide().slideId()
                + "; model "
                + settings.spec().name()
                + "; labels "
                + String.join(",", settings.spec().classes());
        writer =
            new PyramidTiffWriter(
                local,
                slide.width(),
                slide.height(),
                TIFF_TILE,
                Resampling.NEAREST,
                new TiffMetadata(description.replaceAll("[^\\x20-\\x7e]", "?"), slide.mpp()));
        bandPixels = new byte[slide.width() * settings.spec().geometry().keptTile()];
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }

    void addBand(List<Tile> band) throws IOException {
      if (error != null) {
        return;
      }
      try {
        int height = band.get(0).height();
        if (band.get(0).y() != nextY) {
          throw new IOException(
              "mask rows " + nextY + "-" + (band.get(0).y() - 1) + " have no tiles");
        }
        int x = 0;
        for (Tile t : band) {
          if (t.x() != x || t.height() != height) {
            throw new IOException(
                "tile at x " + t.x() + ", y " + nextY + " is misplaced; expected x " + x);
          }
          byte[] labels = t.labels();
          for (int row = 0; row < height; row++) {
            System.arraycopy(
                labels, row * t.width(), bandPixels, row * slide.width() + x, t.width());
          }
          for (int c = 0; c < classPixels.length; c++) {
            classPixels[c] += t.classPixels().get(c);
          }
          x += t.width();
          tiles++;
        }
        if (x != slide.width()) {
          throw new IOException(
              "tiles of row " + nextY + " end at x " + x + ", not " + slide.width());
        }
        locally(() -> writer.writeRows(bandPixels, height));
        nextY += height;
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }

    AssembledSlide finish() throws IOException {
      String id = slide.slide().slideId();
      try {
        if (error == null) {
          locally(writer::close);
          publish();
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
      } finally {
        closeQuietly();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (error != null) {
        return new AssembledSlide(id, null, classPixels, tiles, seconds, error);
      }
      var done =
          new AssembledSlide(id, layout.mask(id).toString(), classPixels, tiles, seconds, null);
      try {
        CompletedSlide.of(slide, done, settings).write(layout, settings.hadoop().get());
      } catch (IOException | RuntimeException e) {
        // Without the record the slide is simply segmented again by a re-run; the mask is complete.
        LOG.warn("slide {}: cannot write its completion record: {}", id, e.toString());
      }
      return done;
    }

    /** Publishes the TIFF whole under its final name, then the preview. */
    private void publish() throws IOException {
      Configuration conf = settings.hadoop().get();
      String id = slide.slide().slideId();
      FileSystem fs = layout.mask(id).getFileSystem(conf);
      try {
        WholeFiles.write(fs, layout.mask(id), out -> Files.copy(local, out));
      } catch (IOException e) {
        throw new IOException("writing " + layout.mask(id) + ": " + e.getMessage(), e);
      }
      byte[] png;
      try (SlideReader image = slide.slide().open(conf);
          SlideReader mask = SlideReaders.open(local.toUri(), conf)) {
        png =
            PreviewRenderer.render(
                image, slide.level(), mask, settings.spec(), settings.previewSize());
      }
      WholeFiles.write(fs, layout.preview(id), out -> out.write(png));
    }

    /** Records the slide's first defect; a storage error is thrown for Spark to retry the task. */
    private void fail(Exception e) throws IOException {
      if (error == null) {
        try {
          error = settings.failures().slideFailure("assembling the mask", e);
        } catch (IOException retry) {
          closeQuietly();
          throw retry;
        }
      }
    }

    private void closeQuietly() {
      try {
        if (writer != null && error != null) {
          writer.close();
        }
      } catch (IOException | RuntimeException ignored) {
        // the slide already failed with its first error
      }
      if (local != null) {
        TaskTempFiles.deleteQuietly(local);
      }
    }

    /**
     * Runs a write to the local temporary mask, naming it in the error (a full disk names none).
     */
    private void locally(LocalWrite write) throws IOException {
      try {
        write.run();
      } catch (IOException e) {
        throw new IOException(
            "writing the mask's temporary file " + local + ": " + e.getMessage(), e);
      }
    }
  }
}
