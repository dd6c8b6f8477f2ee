package org.slideseg.common.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs convolutions through the engine in float32, forward and backward, and measures each result
 * against {@link ReferenceConvolution} in float64. PyTorch's CPU convolutions come from oneDNN,
 * whose kernels are chosen by channel count, map size and CPU, and one of them (libtorch 2.7.1,
 * oneDNN 3.7.1, AVX-512 on AMD family 26) is wrong for 20, 24, 28 and 36 input channels: only a
 * comparison on the CPU at hand can tell.
 */
public final class ConvolutionCheck {
  private ConvolutionCheck() {}

  /**
   * The cases of the self-check at every engine start, under a second in all: an RGB first layer,
   * the channel counts that are not multiples of 16 above 16 (padded into 16-channel blocks), and a
   * single image large enough that PyTorch gives it to oneDNN too.
   */
  public static List<ConvolutionCase> selfCheckCases() {
    return List.of(
        new ConvolutionCase(2, 3, 16, 20, 20, 1),
        new ConvolutionCase(2, 20, 24, 15, 17, 1),
        new ConvolutionCase(2, 24, 20, 12, 13, 0),
        new ConvolutionCase(2, 28, 32, 11, 9, 1),
        new ConvolutionCase(2, 36, 40, 9, 11, 0),
        new ConvolutionCase(1, 20, 16, 40, 40, 1));
  }

  /**
   * The cases of the trial that chooses oneDNN's instruction set, once per machine: the
   * self-check's, and every input channel count from 1 to 64 on a small map, since a kernel's fault
   * may depend on the count (on AMD family 26, 20, 24, 28 and 36 were wrong and every other count
   * right).
   */
  public static List<ConvolutionCase> trialCases() {
    List<ConvolutionCase> cases = new ArrayList<>(selfCheckCases());
    for (int in = 1; in <= 64; in++) {
      cases.add(new ConvolutionCase(2, in, 8 + in % 9, 9, 10, in % 2));
    }
    return List.copyOf(cases);
  }

  /** The worst deviation over {@code cases}. */
  public static Deviation worst(NDManager manager, List<ConvolutionCase> cases, boolean corrupt) {
    Deviation worst = null;
    for (ConvolutionCase c : cases) {
      Deviation d = measure(manager, c, corrupt);
      worst = worst == null ? d : worst.max(d);
    }
    return worst;
  }

  /**
   * The worst of the output's and the two gradients' deviations for one case, on data drawn from a
   * seed fixed per case so that a failure repeats.
   *
   * @param corrupt test only: shift one output value by a tenth of the range, as a wrong kernel
   *     would, to exercise what follows a failed check on a CPU where the engine is right
   */
  public static Deviation measure(NDManager manager, ConvolutionCase c, boolean corrupt) {
    Random random = new Random(c.hashCode());
    int k = ConvolutionCase.KERNEL;
    float[] input = uniform(random, c.batch() * c.in() * c.height() * c.width(), 1);
    float[] weights = uniform(random, c.out() * c.in() * k * k, 1 / Math.sqrt(c.in() * k * k));
    float[] bias = uniform(random, c.out(), 0.1);
    float[] outGradient = uniform(random, c.batch() * c.out() * c.outHeight() * c.outWidth(), 1);
    ReferenceConvolution reference = ReferenceConvolution.of(c, input, weights, bias, outGradient);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(input, new Shape(c.batch(), c.in(), c.height(), c.width()));
      NDArray w = scope.create(weights, new Shape(c.out(), c.in(), k, k));
      NDArray b = scope.create(bias, new Shape(c.out()));
      NDArray g =
          scope.create(outGradient, new Shape(c.batch(), c.out(), c.outHeight(), c.outWidth()));
      x.setRequiresGradient(true);
      w.setRequiresGradient(true);
      float[] output;
      try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
        NDArray y =
            Conv2d.conv2d(
                    x,
                    w,
                    b,
                    new Shape(1, 1),
                    new Shape(c.padding(), c.padding()),
                    new Shape(1, 1),
                    1)
                .head();
        output = y.toFloatArray();
        collector.backward(y.mul(g));
      }
      if (corrupt) {
        output[0] += (float) (0.1 * range(reference.output()));
      }
      return new Deviation(c, "output", relative(output, reference.output()))
          .max(
              new Deviation(
                  c,
                  "input gradient",
                  relative(x.getGradient().toFloatArray(), reference.inputGradient())))
          .max(
              new Deviation(
                  c,
                  "weight gradient",
                  relative(w.getGradient().toFloatArray(), reference.weightGradient())));
    }
  }

  private static float[] uniform(Random random, int n, double scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) ((2 * random.nextDouble() - 1) * scale);
    }
    return values;
  }

  private static double relative(float[] actual, double[] expected) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(actual[i] - expected[i]);
      worst = d > worst || Double.isNaN(d) ? d : worst;
    }
    return worst / Math.max(range(expected), Double.MIN_NORMAL);
  }

  private static double range(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min;
  }
}
