package org.slideseg.common.slide;

/**
 * A file that slideseg's own readers do not read: not a TIFF, PNG or JPEG, or a vendor's TIFF
 * (Philips, Leica, Ventana, Hamamatsu) whose layout differs from a plain pyramid. OpenSlide may
 * read it ({@link SlideReaders}); the message says what the file is.
 */
public final class UnknownFormatException extends SlideFormatException {
  private final String vendor;

  public UnknownFormatException(String message) {
    this(message, null);
  }

  /**
   * @param vendor whose TIFF variant the file is, as its marks tell; null when unknown
   */
  public UnknownFormatException(String message, String vendor) {
    super(message);
    this.vendor = vendor;
  }

  /** Whose TIFF variant the file is; null when unknown. */
  public String vendor() {
    return vendor;
  }
}
