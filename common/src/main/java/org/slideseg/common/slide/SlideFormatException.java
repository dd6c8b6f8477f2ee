package org.slideseg.common.slide;

import java.io.IOException;

/**
 * The content of a slide file is not a readable slide: corrupt, truncated, of an unsupported kind,
 * or claiming more than the file holds. Reading it again cannot help, unlike other {@link
 * IOException}s (a network or storage error), which are worth retrying. The message names the file
 * and the problem.
 */
public sealed class SlideFormatException extends IOException permits UnknownFormatException {
  public SlideFormatException(String message) {
    super(message);
  }

  public SlideFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What went wrong in {@code e}, also where it carries no message (a decoder's own bug). */
  public static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "the decoder failed with " + e.getClass().getSimpleName() : m;
  }

  /** Refuses a decoded tile smaller than its directory says ({@code kind}: "JPEG", "JPEG 2000"). */
  static void checkTileSize(String source, String kind, int w, int h, int width, int height)
      throws SlideFormatException {
    if (w < width || h < height) {
      throw new SlideFormatException(
          source
              + ": "
              + kind
              + " tile is "
              + w
              + " x "
              + h
              + ", expected "
              + width
              + " x "
              + height);
    }
  }
}
