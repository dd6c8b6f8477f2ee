package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.executor.assembly.AssemblyPartitioner;
import org.slideseg.jobs.segment.executor.assembly.AssemblyPlan;
import org.slideseg.jobs.segment.executor.assembly.EncodeMaskBlocks;
import org.slideseg.jobs.segment.executor.assembly.StitchMasks;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.outputs.TilesTable;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.BlockKey;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.TaskSettings;
import org.slideseg.jobs.segment.records.TileRows;
import scala.Tuple2;

/**
 * The assemble step on the driver: reads back the tiles this run wrote and chains the tasks of
 * {@code executor/assembly} that turn them into each slide's mask, polygons and preview.
 */
final class MaskAssembly {
  /** Tile side of the mask TIFFs: the common choice of scanners, libvips and OpenSlide. */
  private static final int MASK_TIFF_TILE = 256;

  private final SparkSession spark;
  private final String runId;

  MaskAssembly(SparkSession spark, String runId) {
    this.spark = spark;
    this.runId = runId;
  }

  /**
   * Assembles each slide's mask from the tiles this run wrote, in two shuffles: tiles to the blocks
   * they overlap, each block compressed by a task of its own; blocks to their slide's task, which
   * stitches them into the TIFF in raster order whatever order the shuffle delivers them in, so
   * that the file's bytes do not depend on it, holding one block at a time. Returns the outcomes by
   * id.
   */
  Map<String, AssembledSlide> run(
      List<InspectedSlide> slides,
      TaskSettings settings,
      OutputLayout layout,
      TaskMeters meters,
      RunProgress progress)
      throws IOException {
    if (slides.isEmpty()) {
      return Map.of();
    }
    Map<String, InspectedSlide> byId = InspectStep.byId(slides);
    if (settings.outputs().maskFormat().zarr()) {
      removeEarlierLabels(byId.keySet(), layout, settings);
    }
    Map<String, PyramidBlocks> blocks = maskBlocks(slides);
    progress.assembling(blocks.values().stream().mapToLong(PyramidBlocks::count).sum());
    var plan = new AssemblyPlan(byId, blocks, settings, layout, meters);
    Map<String, AssembledSlide> out = new HashMap<>();
    for (AssembledSlide a :
        new TilesTable(layout)
            .read(spark, runId, byId.keySet())
            .flatMapToPair(tile -> toBlocks(tile, blocks))
            .repartitionAndSortWithinPartitions(AssemblyPartitioner.perBlock(blocks))
            .mapPartitions(new EncodeMaskBlocks(plan))
            .mapToPair(b -> new Tuple2<>(BlockKey.of(b.slideId(), b.block()), b))
            .partitionBy(AssemblyPartitioner.perSlide(byId.keySet()))
            .mapPartitions(new StitchMasks(plan))
            .collect()) {
      out.put(a.slideId(), a);
    }
    return out;
  }

  /**
   * Removes the OME-Zarr containers that earlier runs left for the slides assembled now: unlike a
   * TIFF, a container cannot be replaced in one step, and its chunks are about to be written in
   * place; an old label image would mix with the new one, or an unfinished one pass for it.
   */
  private static void removeEarlierLabels(
      Iterable<String> slideIds, OutputLayout layout, TaskSettings settings) throws IOException {
    FileSystem fs = layout.fileSystem(settings.hadoop().get());
    for (String id : slideIds) {
      fs.delete(layout.labels(id), true);
    }
  }

  /** A tile, keyed once for each mask block it overlaps. */
  private static Iterator<Tuple2<BlockKey, TileRows.Tile>> toBlocks(
      TileRows.Tile t, Map<String, PyramidBlocks> blocks) {
    return blocks.get(t.slideId()).overlapping(t.x(), t.y(), t.width(), t.height()).stream()
        .map(b -> new Tuple2<>(new BlockKey(t.slideId(), b, t.y(), t.x()), t))
        .iterator();
  }

  /**
   * How each slide's mask is cut into blocks: as large as possible while the run still has about
   * two blocks per task slot, so that every core compresses and none waits for one huge block.
   */
  private Map<String, PyramidBlocks> maskBlocks(List<InspectedSlide> slides) {
    int slots = spark.sparkContext().defaultParallelism();
    int perSlide = (2 * slots + slides.size() - 1) / slides.size();
    Map<String, PyramidBlocks> out = new HashMap<>();
    for (InspectedSlide s : slides) {
      out.put(
          s.slide().slideId(),
          PyramidBlocks.atLeast(s.width(), s.height(), MASK_TIFF_TILE, perSlide));
    }
    return out;
  }
}
