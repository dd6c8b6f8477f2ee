package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A U-Net as one DJL block whose children are its parameterised layers (convolutions, batch norms,
 * transposed convolutions), each registered under the name PyTorch gives that module in the
 * reference definition ({@code models/reference/unet_family.py}), so weights are matched by name.
 * Subclasses register layers in their constructor and write the forward pass as plain tensor code.
 *
 * <p>In training mode the block returns every supervised output (the four heads of UNet++, the one
 * head of the others); in inference mode it returns the one prediction. Thread-safe for inference
 * once initialised: forward passes keep no state.
 */
public abstract class UNetBlock extends AbstractBlock {
  private final int outChannels;
  private final Map<String, Block> layers = new LinkedHashMap<>();
  private final Map<String, Integer> layerInputs = new LinkedHashMap<>();

  protected UNetBlock(int outChannels) {
    this.outChannels = outChannels;
  }

  /** Side of the output for an input of side {@code input}; see {@link Architecture}. */
  protected abstract int outputSide(int input);

  /** All supervised outputs for {@code x}; inference uses {@link #predict}. */
  protected abstract NDList outputs(ParameterStore ps, NDArray x, boolean training);

  /** The one prediction: the output, or the mean of several (UNet++'s accurate mode). */
  private NDArray predict(ParameterStore ps, NDArray x) {
    NDList outputs = outputs(ps, x, false);
    return outputs.size() == 1 ? outputs.head() : FeatureMaps.mean(outputs);
  }

  /**
   * PyTorch module names (prefixes of array names) of trained layers this block leaves out: a
   * pruned network reads the full network's weights and ignores these.
   */
  public Set<String> prunedLayers() {
    return Set.of();
  }

  /** The registered layers by PyTorch module name, in registration order. */
  public Map<String, Block> layers() {
    return Collections.unmodifiableMap(layers);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    return training ? outputs(ps, x, true) : new NDList(predict(ps, x));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {
      new Shape(in.get(0), outChannels, outputSide((int) in.get(2)), outputSide((int) in.get(3)))
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // A layer's parameter shapes depend only on its input channels, known at construction.
    for (Map.Entry<String, Block> e : layers.entrySet()) {
      e.getValue().initialize(manager, dataType, new Shape(1, layerInputs.get(e.getKey()), 8, 8));
    }
  }

  /** Applies the layer registered as {@code name}. */
  protected final NDArray apply(String name, ParameterStore ps, NDArray x, boolean training) {
    return layers.get(name).forward(ps, new NDList(x), training).singletonOrThrow();
  }

  protected final void conv(String name, int in, int out, int kernel, int padding) {
    layer(
        name,
        Conv2d.builder()
            .setKernelShape(new Shape(kernel, kernel))
            .optPadding(new Shape(padding, padding))
            .setFilters(out)
            .build(),
        in);
  }

  protected final void batchNorm(String name, int channels) {
    // PyTorch's defaults; DJL's momentum is the weight of the running value (PyTorch's 1 - 0.1).
    layer(name, BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build(), channels);
  }

  protected final void upConv(String name, int in, int out) {
    layer(name, new UpConvolution(in, out), in);
  }

  /**
   * Registers (Conv 3x3 [-> BN] -> ReLU) x 2 under the names of a PyTorch {@code nn.Sequential}
   * ({@code prefix.0}, {@code prefix.1}, {@code prefix.3}, {@code prefix.4} with batch norm; {@code
   * prefix.0}, {@code prefix.2} without).
   */
  protected final ConvPair sequentialConvs(
      String prefix, int in, int out, int padding, boolean withBatchNorm) {
    int step = withBatchNorm ? 3 : 2;
    String conv1 = prefix + ".0";
    String conv2 = prefix + "." + step;
    String bn1 = withBatchNorm ? prefix + ".1" : null;
    String bn2 = withBatchNorm ? prefix + "." + (step + 1) : null;
    return convPair(conv1, bn1, conv2, bn2, in, out, out, padding);
  }

  /** Registers a UNet++ VGG block: {@code conv1, bn1, conv2, bn2} under {@code prefix}. */
  protected final ConvPair vggConvs(String prefix, int in, int out) {
    return convPair(
        prefix + ".conv1", prefix + ".bn1", prefix + ".conv2", prefix + ".bn2", in, out, out, 1);
  }

  private ConvPair convPair(
      String conv1, String bn1, String conv2, String bn2, int in, int mid, int out, int padding) {
    conv(conv1, in, mid, 3, padding);
    if (bn1 != null) {
      batchNorm(bn1, mid);
    }
    conv(conv2, mid, out, 3, padding);
    if (bn2 != null) {
      batchNorm(bn2, out);
    }
    return new ConvPair(List.of(conv1, conv2), bn1 == null ? List.of() : List.of(bn1, bn2));
  }

  private void layer(String name, Block block, int inChannels) {
    addChildBlock(name, block);
    layers.put(name, block);
    layerInputs.put(name, inChannels);
  }

  /** Two convolutions, each optionally followed by batch norm, each followed by ReLU. */
  protected final class ConvPair {
    private final List<String> convs;
    private final List<String> norms;

    private ConvPair(List<String> convs, List<String> norms) {
      this.convs = convs;
      this.norms = norms;
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
      for (int i = 0; i < convs.size(); i++) {
        x = UNetBlock.this.apply(convs.get(i), ps, x, training);
        if (!norms.isEmpty()) {
          x = UNetBlock.this.apply(norms.get(i), ps, x, training);
        }
        x = Activation.relu(x);
      }
      return x;
    }
  }
}
