package org.slideseg.jobs.segment.executor.assembly;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.jobs.segment.executor.TaskMeters;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.records.InspectedSlide;
import org.slideseg.jobs.segment.records.TaskSettings;

/**
 * What the assemble step's tasks share, made by the driver: the slides by id, how each slide's mask
 * is cut into blocks, the run's settings, where the outputs go, and the meters. Immutable.
 */
public record AssemblyPlan(
    Map<String, InspectedSlide> slides,
    Map<String, PyramidBlocks> blocks,
    TaskSettings settings,
    OutputLayout layout,
    TaskMeters meters)
    implements Serializable {
  public AssemblyPlan {
    slides = Map.copyOf(slides);
    blocks = Map.copyOf(blocks);
  }

  /** A slide's OME-Zarr label image on the output. */
  ZarrLabelFiles labelFiles(String slideId) throws IOException {
    return ZarrLabelFiles.of(slides.get(slideId), blocks.get(slideId), settings, layout);
  }
}
