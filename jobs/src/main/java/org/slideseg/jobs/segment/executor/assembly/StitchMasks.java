package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.slideseg.jobs.segment.executor.FaultInjection;
import org.slideseg.jobs.segment.records.AssembledSlide;
import org.slideseg.jobs.segment.records.BlockKey;
import org.slideseg.jobs.segment.records.MaskBlock;
import scala.Tuple2;

/**
 * The second half of the assemble step: consumes each slide's compressed mask blocks, puts them in
 * raster order ({@link BlocksInRasterOrder}), stitches them into a pyramidal TIFF on local disk
 * (byte copying, plus the few small top levels), and with --probabilities each class's probability
 * pyramid likewise; copies them to {@code masks/}. With an OME-Zarr mask, whose blocks' chunks
 * their tasks wrote, it makes the chunks of the levels above the blocks and then the label image's
 * metadata. Then it renders the preview and writes the completion record. A failed or missing block
 * fails the slide.
 */
public record StitchMasks(AssemblyPlan plan)
    implements FlatMapFunction<Iterator<Tuple2<BlockKey, MaskBlock>>, AssembledSlide> {

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
        assembly = new SlideAssembly(plan, id);
        assemblies.put(id, assembly);
      }
      assembly.offer(block);
    }
    List<AssembledSlide> out = new ArrayList<>();
    for (SlideAssembly assembly : assemblies.values()) {
      out.add(assembly.finish());
      FaultInjection.ASSEMBLE.failNow(plan.settings().hadoop().get());
    }
    return out.iterator();
  }
}
