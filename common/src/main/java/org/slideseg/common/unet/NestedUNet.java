package org.slideseg.common.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * UNet++ (seed 004). Node X(i, j) sits at level i (resolution 1 / 2^i) and column j: X(i, 0) is the
 * encoder; X(i, j) for j > 0 is a VGG block over the concatenation of X(i, 0..j-1) and the bilinear
 * upsampling of X(i+1, j-1). Head k (a 1 x 1 convolution) reads X(0, k).
 *
 * <p>Accurate mode averages the four heads. Fast mode keeps one head k and builds only the nodes
 * with i + j <= k, the ones that head depends on; it reads the same weights and ignores the rest.
 */
final class NestedUNet extends UNetBlock {
  private final int depth;
  private final boolean fast;
  private final ConvPair[][] nodes = new ConvPair[5][5];
  private final Set<String> pruned = new HashSet<>();

  /**
   * @param fastHead the head a fast network keeps (1-4), or 0 for accurate mode
   */
  NestedUNet(int inChannels, int outChannels, int base, int fastHead) {
    super(outChannels);
    this.fast = fastHead > 0;
    this.depth = fast ? fastHead : 4;
    for (int i = 0; i <= 4; i++) {
      for (int j = 0; i + j <= 4; j++) {
        String name = "nodes.conv" + i + "_" + j;
        if (i + j > depth) {
          pruned.add(name);
          continue;
        }
        int in;
        if (j == 0) {
          in = i == 0 ? inChannels : base << (i - 1);
        } else {
          in = (base << i) * j + (base << (i + 1));
        }
        nodes[i][j] = vggConvs(name, in, base << i);
      }
    }
    for (int k = 1; k <= 4; k++) {
      String name = "finals.final" + k;
      if (fast && k != depth) {
        pruned.add(name);
      } else {
        conv(name, base, outChannels, 1, 0);
      }
    }
  }

  @Override
  public Set<String> prunedLayers() {
    return Set.copyOf(pruned);
  }

  @Override
  protected int outputSide(int input) {
    return input;
  }

  @Override
  protected NDList outputs(ParameterStore ps, NDArray x, boolean training) {
    NDArray[][] maps = new NDArray[5][5];
    // Anti-diagonal s = i + j, deepest level first: every input of a node is ready before it.
    for (int s = 0; s <= depth; s++) {
      for (int i = s; i >= 0; i--) {
        int j = s - i;
        NDArray input;
        if (j == 0) {
          input = i == 0 ? x : FeatureMaps.maxPool(maps[i - 1][0]);
        } else {
          NDArray[] parts = new NDArray[j + 1];
          System.arraycopy(maps[i], 0, parts, 0, j);
          parts[j] =
              FeatureMaps.padTo(FeatureMaps.upsampleBilinear(maps[i + 1][j - 1]), maps[i][0]);
          input = FeatureMaps.concat(parts);
        }
        maps[i][j] = nodes[i][j].apply(ps, input, training);
      }
    }
    List<NDArray> heads = new ArrayList<>();
    for (int k = fast ? depth : 1; k <= depth; k++) {
      heads.add(apply("finals.final" + k, ps, maps[0][k], training));
    }
    return new NDList(heads);
  }
}
