package org.slideseg.common.tiling;

/**
 * The window a model runs on and the part of its output that is kept.
 *
 * <p>A valid-convolution network maps {@code inputTile} pixels to a centred {@code outputTile}; a
 * same-padded one has {@code inputTile == outputTile} and a {@code halo} cropped from each side of
 * its output, because those border pixels saw zero padding.
 *
 * <p>Max-pooling makes a network equivariant only to shifts by its total downsampling factor
 * ({@code pooling}, 16 for a U-Net with four 2 x 2 pools). Kept tiles are therefore the largest
 * multiple of {@code pooling} that fits in the output after the halo, taken from its top-left, so
 * that every window sits on the same pooling grid as one pass over the whole mirror-padded image
 * and the stitched mask equals that pass pixel for pixel. (The U-Net paper's 388-pixel stride is 4
 * mod 16: its tiles each see another pooling phase, and a few pixels per tile differ.) Immutable.
 *
 * @param halo pixels dropped from each side of the output (0 for valid-convolution networks)
 * @param pooling the network's total downsampling factor (1 for none)
 */
public record WindowGeometry(int inputTile, int outputTile, int halo, int pooling)
    implements java.io.Serializable {

  public WindowGeometry {
    if (outputTile <= 0 || inputTile < outputTile) {
      throw new IllegalArgumentException(
          "inputTile "
              + inputTile
              + " must be at least outputTile "
              + outputTile
              + " (and positive)");
    }
    if ((inputTile - outputTile) % 2 != 0) {
      throw new IllegalArgumentException(
          "inputTile - outputTile = "
              + (inputTile - outputTile)
              + " must be even: the output is centred");
    }
    if (halo < 0 || 2 * halo >= outputTile) {
      throw new IllegalArgumentException("halo " + halo + " must be in [0, outputTile / 2)");
    }
    if (inputTile == outputTile && halo == 0) {
      throw new IllegalArgumentException(
          "a same-padded model (inputTile == outputTile == "
              + inputTile
              + ") needs a halo > 0, "
              + "or its border pixels, computed from zero padding, would be kept");
    }
    if (pooling < 1 || outputTile - 2 * halo < pooling) {
      throw new IllegalArgumentException(
          "pooling "
              + pooling
              + " must be at least 1 and fit in outputTile - 2 * halo = "
              + (outputTile - 2 * halo));
    }
  }

  /**
   * Side of the output square that is kept and laid edge to edge: a multiple of {@code pooling}.
   */
  public int keptTile() {
    return (outputTile - 2 * halo) / pooling * pooling;
  }

  /** Context read left of and above a kept tile (right and bottom get the rest of the window). */
  public int context() {
    return (inputTile - outputTile) / 2 + halo;
  }
}
