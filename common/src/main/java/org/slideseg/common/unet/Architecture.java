package org.slideseg.common.unet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which U-Net a {@code model.json} builds, with its hyper-parameters: the {@code "architecture"}
 * object. Input channels and output channels come from the spec's {@code inputChannels} and its
 * head ({@code 1} for sigmoid, one per class for softmax), so they are never stated twice.
 *
 * <ul>
 *   <li>{@code unet-classic}: valid convolutions, transposed upsampling, centre crop; {@code
 *       batchNorm} (default false, as in the paper).
 *   <li>{@code unet-bn}: batch norm, same padding, pad-to-match; {@code upsampling} {@code
 *       bilinear} (default, bottleneck halved) or {@code transposed}.
 *   <li>{@code unet-bn-reduce}: {@code unet-bn} with a 1 x 1 reduction before bilinear upsampling.
 *   <li>{@code unet-bn-crop}: batch norm, valid encoder, skips cropped by negative padding.
 *   <li>{@code unet++}: nested skips, deep supervision; {@code mode} {@code accurate} (mean of the
 *       four heads, default) or {@code fast} with {@code head} 1-4 (the network pruned to it).
 *   <li>{@code no-op}: no U-Net at all, the centre crop of the classic U-Net's geometry and a 1 x 1
 *       head, so that {@code bench} can time everything around the model.
 * </ul>
 *
 * Every architecture takes {@code base}, the channels of its first level (64 in the U-Net paper, 32
 * in UNet++; {@code no-op} has no levels and ignores it). Immutable.
 *
 * @param bilinear bilinear (true) or transposed-convolution upsampling; only {@code unet-bn} offers
 *     the choice
 * @param head the deep-supervision head a fast UNet++ keeps; 4 (all columns) otherwise
 */
public record Architecture(
    String name, int base, boolean batchNorm, boolean bilinear, boolean fast, int head)
    implements java.io.Serializable {
  public static final String CLASSIC = "unet-classic";
  public static final String BATCH_NORM = "unet-bn";
  public static final String REDUCE = "unet-bn-reduce";
  public static final String CROP = "unet-bn-crop";
  public static final String NESTED = "unet++";
  public static final String NO_OP = "no-op";

  /**
   * The hyper-parameters each architecture takes, by name, in a fixed order (messages list them);
   * {@code name} and {@code base} always.
   */
  public static final Map<String, List<String>> HYPER_PARAMETERS = hyperParameters();

  private static Map<String, List<String>> hyperParameters() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(CLASSIC, List.of("name", "base", "batchNorm"));
    m.put(BATCH_NORM, List.of("name", "base", "upsampling"));
    m.put(REDUCE, List.of("name", "base"));
    m.put(CROP, List.of("name", "base"));
    m.put(NESTED, List.of("name", "base", "mode", "head"));
    m.put(NO_OP, List.of("name", "base"));
    return Collections.unmodifiableMap(m);
  }

  public Architecture {
    if (!HYPER_PARAMETERS.containsKey(name)) {
      throw new IllegalArgumentException(
          "architecture \"" + name + "\" is not one of " + HYPER_PARAMETERS.keySet());
    }
    if (base < 1 || base > 1024) {
      throw new IllegalArgumentException("architecture.base " + base + " must be in 1..1024");
    }
    if (head < 1 || head > 4) {
      throw new IllegalArgumentException("architecture.head " + head + " must be in 1..4");
    }
  }

  /** A new, uninitialised block of this architecture. */
  public UNetBlock build(int inChannels, int outChannels) {
    return switch (name) {
      case CLASSIC -> new ClassicUNet(inChannels, outChannels, base, batchNorm);
      case BATCH_NORM -> new BatchNormUNet(inChannels, outChannels, base, bilinear);
      case REDUCE -> new ReducingUNet(inChannels, outChannels, base);
      case CROP -> new CroppingUNet(inChannels, outChannels, base);
      case NO_OP -> new NoOpNet(inChannels, outChannels);
      default -> new NestedUNet(inChannels, outChannels, base, fast ? head : 0);
    };
  }

  /**
   * Side of the output for a square input of side {@code input}, or -1 where the network cannot run
   * on it (a valid convolution would shrink a feature map to nothing, or a crop would be uneven).
   */
  public int outputSize(int input) {
    return switch (name) {
      case CLASSIC, NO_OP -> ClassicUNet.outputSize(input);
      case CROP -> CroppingUNet.outputSize(input);
      default -> input >= 16 ? input : -1;
    };
  }
}
