package org.slideseg.common.slide;

import java.io.IOException;

/**
 * The content of a slide file is not a readable slide: corrupt, truncated, of an unsupported kind,
 * or claiming more than the file holds. Reading it again cannot help, unlike other {@link
 * IOException}s (a network or storage error), which are worth retrying. The message names the file
 * and the problem.
 */
public final class SlideFormatException extends IOException {
  public SlideFormatException(String message) {
    super(message);
  }

  public SlideFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
