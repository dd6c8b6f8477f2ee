package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import java.util.List;
import org.slideseg.common.mask.EncodedBlock;

/**
 * One block of a slide's mask as its task left it: the compressed tiles and passed-on rows, the
 * mask tiles whose origin lies in it, its pixels per class and, with --polygons, its regions; or
 * why it failed.
 *
 * @param encoded null when the block failed
 * @param regions empty without --polygons
 */
public record MaskBlock(
    String slideId,
    int block,
    EncodedBlock encoded,
    int tiles,
    long[] classPixels,
    List<BlockRegion> regions,
    String error)
    implements Serializable {

  public static MaskBlock failed(String slideId, int block, String error) {
    return new MaskBlock(slideId, block, null, 0, new long[0], List.of(), error);
  }
}
