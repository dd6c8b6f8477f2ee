package org.slideseg.common.model;

import java.util.List;
import org.slideseg.common.tiling.WindowGeometry;
import org.slideseg.common.unet.Architecture;

/**
 * A model's {@code model.json}: what the weights are, the window they run on, how pixels are
 * normalised and how outputs become labels. Parsing rejects unknown keys at every level and
 * inconsistent values with a message that names the key, so a bad spec fails before any cluster
 * time is spent.
 *
 * <p>Geometry fields: {@code inputTile}, {@code outputTile}, optional {@code halo} (pixels cropped
 * from each side of a same-padded model's output, default 0) and optional {@code pooling} (the
 * network's total downsampling factor, 16 for four 2 x 2 pools, default 1); see {@link
 * WindowGeometry}.
 *
 * <p>Formats: {@code torchscript} (the file is a TorchScript module) or {@code npz} (the file holds
 * the weights of the network that the {@code architecture} object names, built in Java; see {@link
 * Architecture}).
 *
 * @param architecture the network built in Java; null for TorchScript, which carries its own
 * @param colors one {@code #RRGGBB} or {@code #RRGGBBAA} per class, used for the preview overlay
 * @param mpp microns per pixel the model was trained at, or NaN when not given
 */
public record ModelSpec(
    String name,
    ModelFormat format,
    String file,
    Architecture architecture,
    int inputChannels,
    WindowGeometry geometry,
    Normalization normalize,
    Activation activation,
    List<String> classes,
    List<String> colors,
    double mpp)
    implements java.io.Serializable {

  public ModelSpec {
    classes = List.copyOf(classes);
    colors = List.copyOf(colors);
  }

  /** The same network on other windows (it is fully convolutional). */
  public ModelSpec withGeometry(WindowGeometry other) {
    return new ModelSpec(
        name,
        format,
        file,
        architecture,
        inputChannels,
        other,
        normalize,
        activation,
        classes,
        colors,
        mpp);
  }

  /** The same network with its weights in {@code other} format, in file {@code otherFile}. */
  public ModelSpec withWeights(ModelFormat other, String otherFile) {
    return new ModelSpec(
        name,
        other,
        otherFile,
        architecture,
        inputChannels,
        geometry,
        normalize,
        activation,
        classes,
        colors,
        mpp);
  }

  /** Channels of the network's output: 1 for a sigmoid head, one per class for softmax. */
  public int outputChannels() {
    return activation == Activation.SIGMOID ? 1 : classes.size();
  }

  /** The colour of class {@code label} as {@code 0xRRGGBB}, without its transparency. */
  public int rgb(int label) {
    int[] c = rgba(label);
    return c[0] << 16 | c[1] << 8 | c[2];
  }

  /** The RGBA colour of class {@code label}, for overlays. */
  public int[] rgba(int label) {
    String hex = colors.get(label).substring(1);
    int alpha = hex.length() == 8 ? Integer.parseInt(hex.substring(6, 8), 16) : 255;
    return new int[] {
      Integer.parseInt(hex.substring(0, 2), 16),
      Integer.parseInt(hex.substring(2, 4), 16),
      Integer.parseInt(hex.substring(4, 6), 16),
      alpha
    };
  }
}
