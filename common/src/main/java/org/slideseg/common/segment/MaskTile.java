package org.slideseg.common.segment;

import org.slideseg.common.tiling.Window;

/** The class labels of one window's kept output, {@code window.width() * window.height()} bytes. */
public record MaskTile(Window window, byte[] labels) {

  public MaskTile {
    if (labels.length != window.width() * window.height()) {
      throw new IllegalArgumentException(
          labels.length + " labels do not fill window " + window.width() + " x " + window.height());
    }
  }
}
