package org.slideseg.common.mask;

/**
 * What a written TIFF says about its image, in its first directory.
 *
 * @param description free text (ImageDescription); OpenSlide shows it as {@code openslide.comment}
 * @param mpp microns per pixel, written as resolution in pixels per centimetre; NaN to write none
 */
public record TiffMetadata(String description, double mpp) {
  public static final TiffMetadata NONE = new TiffMetadata("", Double.NaN);

  public TiffMetadata {
    if (!description.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "TIFF description must be printable ASCII: " + description);
    }
  }
}
