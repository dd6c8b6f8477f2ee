package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.slideseg.common.mask.BlockEncoder;
import org.slideseg.common.mask.EncodedBlock;
import org.slideseg.common.mask.LabelHistogram;
import org.slideseg.common.mask.MaskPng;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.common.mask.Resampling;
import org.slideseg.common.mask.TilePyramid;
import org.slideseg.common.vector.CoverageSimplification;
import org.slideseg.common.vector.MaskPolygons;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.records.BlockKey;
import org.slideseg.jobs.segment.records.BlockRegion;
import org.slideseg.jobs.segment.records.MaskBlock;
import org.slideseg.jobs.segment.records.MaskFormat;
import org.slideseg.jobs.segment.records.TileRows.Tile;
import scala.Tuple2;

/**
 * The first half of the assemble step: consumes the mask tiles of one block of a slide (or of
 * several), sorted by block and then raster order, and compresses the block's share of the mask
 * pyramid ({@link BlockEncoder}), and with --probabilities each class's probability pyramid. With
 * an OME-Zarr mask, writes the block's tiles as its chunks, so that the chunks of a slide's levels
 * within blocks are written by as many tasks as there are blocks; without a TIFF, only the rows the
 * levels above need go on to the slide's task. Holds one row of tiles across the block. A missing
 * or misplaced tile fails its block, and so its slide.
 */
public record EncodeMaskBlocks(AssemblyPlan plan)
    implements FlatMapFunction<Iterator<Tuple2<BlockKey, Tile>>, MaskBlock> {

  @Override
  public Iterator<MaskBlock> call(Iterator<Tuple2<BlockKey, Tile>> rows) throws IOException {
    List<MaskBlock> out = new ArrayList<>();
    Tuple2<BlockKey, Tile> next = rows.hasNext() ? rows.next() : null;
    while (next != null) {
      long started = System.nanoTime();
      BlockKey key = next._1();
      var block = new Block(key.slideId(), key.block());
      List<Tile> row = new ArrayList<>();
      while (next != null
          && next._1().block() == key.block()
          && next._1().slideId().equals(key.slideId())) {
        if (!row.isEmpty() && row.get(0).y() != next._2().y()) {
          block.addTileRow(row);
          row.clear();
        }
        row.add(next._2());
        next = rows.hasNext() ? rows.next() : null;
      }
      block.addTileRow(row);
      out.add(block.finish());
      plan.meters().since(TaskMeters.Stage.MASK_TILES, started);
      plan.meters().count(TaskMeters.Count.MASK_BLOCKS, 1);
    }
    return out.iterator();
  }

  /** One block in progress; records its first defect and ignores the rest of its tiles. */
  private final class Block {
    private final String slideId;
    private final int index;
    private final int x0;
    private final int y0;
    private final int width;
    private final int height;
    private final BlockEncoder encoder;
    private final List<BlockEncoder> probabilities = new ArrayList<>(); // one per class, or none
    private final MaskPolygons polygons;
    private final long[] histogram = new long[256];
    private final MaskPng.Decoder tileDecoder = new MaskPng.Decoder();
    // Reused from one row of tiles to the next: a band of a few MB is a humongous object to G1,
    // allocated outside the young generation, one per row otherwise (README, Performance).
    private byte[] band = new byte[0];
    private byte[][] probabilityBands = new byte[0][];
    private int nextY;
    private int tiles;
    private String error;

    Block(String slideId, int index) {
      this.slideId = slideId;
      this.index = index;
      PyramidBlocks grid = plan.blocks().get(slideId);
      this.x0 = grid.x(index);
      this.y0 = grid.y(index);
      this.width = grid.width(index);
      this.height = grid.height(index);
      this.encoder = new BlockEncoder(grid, index, Resampling.NEAREST);
      int classes = plan.settings().spec().classes().size();
      for (int c = 0; plan.settings().probabilities() && c < classes; c++) {
        probabilities.add(new BlockEncoder(grid, index, Resampling.MEAN));
      }
      this.polygons =
          plan.settings().outputs().polygons() ? new MaskPolygons(x0, y0, width, classes) : null;
      this.nextY = y0;
    }

    /** One row of mask tiles, sorted by x, that covers the block's next rows. */
    void addTileRow(List<Tile> row) throws IOException {
      if (error != null) {
        return;
      }
      try {
        Tile first = row.get(0);
        int top = first.y();
        int bottom = top + first.height();
        if (top > nextY || bottom <= nextY) {
          throw new IOException("mask rows " + nextY + "-" + (top - 1) + " have no tiles");
        }
        if (band.length < width * (bottom - nextY)) {
          band = new byte[width * (bottom - nextY)];
          probabilityBands = new byte[probabilities.size()][band.length];
        }
        int x = x0;
        for (Tile t : row) {
          boolean placed = t == first ? t.x() <= x && x < t.x() + t.width() : t.x() == x;
          if (t.height() != first.height() || !placed) {
            throw new IOException(
                "tile at x " + t.x() + ", y " + t.y() + " is misplaced; expected x " + x);
          }
          copy(t.labels(tileDecoder), 0, t, band, x);
          copyProbabilities(t, probabilityBands, x);
          x = t.x() + t.width();
          if (t.x() >= x0 && t.y() >= y0) {
            tiles++;
          }
        }
        if (x < x0 + width) {
          throw new IOException("tiles of row " + top + " end at x " + x + ", not " + (x0 + width));
        }
        int rows = Math.min(bottom, y0 + height) - nextY;
        count(band, width * rows);
        encoder.addRows(band, 0, width, rows);
        for (int c = 0; c < probabilities.size(); c++) {
          probabilities.get(c).addRows(probabilityBands[c], 0, width, rows);
        }
        if (polygons != null) {
          polygons.addRows(band, 0, rows);
        }
        nextY += rows;
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }

    /**
     * The tile's pixels within the block, from row {@code nextY} down, into {@code band}: from the
     * tile's plane that starts at {@code offset} in {@code planes}.
     */
    private void copy(byte[] planes, int offset, Tile t, byte[] band, int from) {
      int to = Math.min(t.x() + t.width(), x0 + width);
      int rows = t.y() + t.height() - nextY;
      for (int r = 0; r < rows; r++) {
        System.arraycopy(
            planes,
            offset + (nextY - t.y() + r) * t.width() + from - t.x(),
            band,
            r * width + from - x0,
            to - from);
      }
    }

    /** Each class's probability plane of the tile into that class's band. */
    private void copyProbabilities(Tile t, byte[][] bands, int from) throws IOException {
      if (bands.length == 0) {
        return;
      }
      byte[] planes = t.probabilities(bands.length, tileDecoder);
      for (int c = 0; c < bands.length; c++) {
        copy(planes, c * t.width() * t.height(), t, bands[c], from);
      }
    }

    private void count(byte[] pixels, int length) {
      long[] counts = LabelHistogram.of(pixels, length);
      for (int v = 0; v < counts.length; v++) {
        histogram[v] += counts[v];
      }
    }

    MaskBlock finish() throws IOException {
      if (error == null) {
        try {
          if (nextY != y0 + height) {
            throw new IOException(
                "mask rows " + nextY + "-" + (y0 + height - 1) + " have no tiles");
          }
          int classes = plan.settings().spec().classes().size();
          for (int label = classes; label < histogram.length; label++) {
            if (histogram[label] > 0) {
              throw new IOException("label " + label + " is not below the class count " + classes);
            }
          }
          long[] classPixels = Arrays.copyOf(histogram, classes);
          return new MaskBlock(
              slideId,
              index,
              published(encoder.finish()),
              probabilities.stream().map(BlockEncoder::finish).toList(),
              tiles,
              classPixels,
              regions(),
              null);
        } catch (IOException | RuntimeException e) {
          fail(e);
        }
      }
      return MaskBlock.failed(slideId, index, error);
    }

    /**
     * The block as the slide's task needs it: with an OME-Zarr mask its tiles are written here as
     * chunks, and go on only where a TIFF is written too.
     */
    private EncodedBlock published(EncodedBlock encoded) throws IOException {
      MaskFormat format = plan.settings().outputs().maskFormat();
      if (!format.zarr()) {
        return encoded;
      }
      TilePyramid.TileSink chunks = plan.labelFiles(slideId).chunks();
      for (EncodedBlock.Tile t : encoded.tiles()) {
        chunks.tile(t.level(), t.column(), t.row(), t.data());
      }
      return format.tiff() ? encoded : encoded.withoutTiles();
    }

    /**
     * The block's regions, polygon by polygon; open where they touch a border shared with another
     * block (not the slide's edge), as a region may go on there.
     */
    private List<BlockRegion> regions() {
      if (polygons == null) {
        return List.of();
      }
      PyramidBlocks grid = plan.blocks().get(slideId);
      WKBWriter wkb = new WKBWriter();
      List<BlockRegion> out = new ArrayList<>();
      List<Geometry> classes =
          plan.settings().outputs().simplify() > 0
              ? CoverageSimplification.simplified(
                  polygons.finish(), plan.settings().outputs().simplify())
              : polygons.finish();
      for (int label = 0; label < classes.size(); label++) {
        Geometry regions = classes.get(label);
        for (int i = 0; i < regions.getNumGeometries(); i++) {
          Geometry region = regions.getGeometryN(i);
          Envelope e = region.getEnvelopeInternal();
          boolean open =
              (e.getMinX() == x0 && x0 > 0)
                  || (e.getMinY() == y0 && y0 > 0)
                  || (e.getMaxX() == x0 + width && x0 + width < grid.width())
                  || (e.getMaxY() == y0 + height && y0 + height < grid.height());
          out.add(new BlockRegion(label, open, wkb.write(region)));
        }
      }
      return out;
    }

    /** Records the block's first defect; a storage error is thrown for Spark to retry the task. */
    private void fail(Exception e) throws IOException {
      if (error == null) {
        error = plan.settings().run().failures().slideFailure("assembling the mask", e);
      }
    }
  }
}
