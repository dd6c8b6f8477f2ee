package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import org.slideseg.common.mask.EncodedBlock;

/**
 * One block of a slide's mask as its task left it: the compressed tiles and passed-on rows, the
 * mask tiles whose origin lies in it and its pixels per class; or why it failed.
 *
 * @param encoded null when the block failed
 */
public record MaskBlock(
    String slideId, int block, EncodedBlock encoded, int tiles, long[] classPixels, String error)
    implements Serializable {

  public static MaskBlock failed(String slideId, int block, String error) {
    return new MaskBlock(slideId, block, null, 0, new long[0], error);
  }
}
