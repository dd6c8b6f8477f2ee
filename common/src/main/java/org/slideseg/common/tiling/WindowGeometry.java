package org.slideseg.common.tiling;

/**
 * The window a model runs on and the part of its output that is kept.
 *
 * <p>A valid-convolution network maps {@code inputTile} pixels to a centred {@code outputTile}; a
 * same-padded one has {@code inputTile == outputTile} and a {@code halo} cropped from each side of its
 * output, because those border pixels saw zero padding. Immutable.
 *
 * @param halo pixels dropped from each side of the output (0 for valid-convolution networks)
 */
public record WindowGeometry(int inputTile, int outputTile, int halo) implements java.io.Serializable {

  public WindowGeometry {
    if (outputTile <= 0 || inputTile < outputTile) {
      throw new IllegalArgumentException(
          "inputTile " + inputTile + " must be at least outputTile " + outputTile + " (and positive)");
    }
    if ((inputTile - outputTile) % 2 != 0) {
      throw new IllegalArgumentException(
          "inputTile - outputTile = " + (inputTile - outputTile) + " must be even: the output is centred");
    }
    if (halo < 0 || 2 * halo >= outputTile) {
      throw new IllegalArgumentException("halo " + halo + " must be in [0, outputTile / 2)");
    }
    if (inputTile == outputTile && halo == 0) {
      throw new IllegalArgumentException(
          "a same-padded model (inputTile == outputTile == " + inputTile + ") needs a halo > 0, "
              + "or its border pixels, computed from zero padding, would be kept");
    }
  }

  /** Side of the output square that is kept and laid edge to edge. */
  public int keptTile() {
    return outputTile - 2 * halo;
  }

  /** Context read on each side of a kept tile. */
  public int context() {
    return (inputTile - outputTile) / 2 + halo;
  }
}
