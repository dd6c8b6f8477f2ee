package org.slideseg.common.mask;

import java.util.List;

/**
 * What a written TIFF says about its image.
 *
 * @param description free text (ImageDescription), first directory only; OpenSlide shows it as
 *     {@code openslide.comment}
 * @param mpp microns per pixel, written as resolution in pixels per centimetre, first directory
 *     only; NaN to write none
 * @param palette the colour ({@code 0xRRGGBB}) of each sample value from 0, written as a ColorMap
 *     on every level so that viewers paint class labels in their colours while the samples stay the
 *     labels; empty for a gray image (BlackIsZero)
 */
public record TiffMetadata(String description, double mpp, List<Integer> palette) {
  public static final TiffMetadata NONE = new TiffMetadata("", Double.NaN, List.of());

  public TiffMetadata {
    if (!description.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "TIFF description must be printable ASCII: " + description);
    }
    palette = List.copyOf(palette);
    if (palette.size() > 256 || palette.stream().anyMatch(c -> c < 0 || c > 0xffffff)) {
      throw new IllegalArgumentException(
          "a TIFF palette holds at most 256 colours 0xRRGGBB: " + palette);
    }
  }

  /** What the reduced levels carry: the palette, which every level needs to look the same. */
  TiffMetadata forReducedLevel() {
    return new TiffMetadata("", Double.NaN, palette);
  }
}
