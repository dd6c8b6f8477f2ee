package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import java.util.List;
import org.slideseg.common.mask.EncodedBlock;

/**
 * One block of a slide's mask as its task left it: the compressed tiles and passed-on rows, the
 * same of each class's probabilities with --probabilities, the mask tiles whose origin lies in it,
 * its pixels per class and, with --polygons, its regions; or why it failed.
 *
 * @param encoded null when the block failed
 * @param probabilities one per class, class 0 first; empty without --probabilities
 * @param regions empty without --polygons
 */
public record MaskBlock(
    String slideId,
    int block,
    EncodedBlock encoded,
    List<EncodedBlock> probabilities,
    int tiles,
    long[] classPixels,
    List<BlockRegion> regions,
    String error)
    implements Serializable {

  public static MaskBlock failed(String slideId, int block, String error) {
    return new MaskBlock(slideId, block, null, List.of(), 0, new long[0], List.of(), error);
  }
}
