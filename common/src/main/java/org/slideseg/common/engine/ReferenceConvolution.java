package org.slideseg.common.engine;

/**
 * A convolution and its two gradients in float64 by the textbook loops, independent of every
 * library under test: the reference the engine's float32 results are held to. Arrays are flat in
 * NCHW order (weights OIHW).
 *
 * @param output the convolution of the input with the weights, plus the bias
 * @param inputGradient d(sum(output * g)) / d input, for the output gradient g
 * @param weightGradient d(sum(output * g)) / d weights
 */
record ReferenceConvolution(double[] output, double[] inputGradient, double[] weightGradient) {

  static ReferenceConvolution of(
      ConvolutionCase c, float[] input, float[] weights, float[] bias, float[] outGradient) {
    int k = ConvolutionCase.KERNEL;
    int oh = c.outHeight();
    int ow = c.outWidth();
    double[] out = new double[c.batch() * c.out() * oh * ow];
    double[] dIn = new double[input.length];
    double[] dW = new double[weights.length];
    for (int n = 0; n < c.batch(); n++) {
      for (int o = 0; o < c.out(); o++) {
        for (int y = 0; y < oh; y++) {
          for (int x = 0; x < ow; x++) {
            int at = ((n * c.out() + o) * oh + y) * ow + x;
            double sum = bias[o];
            double g = outGradient[at];
            for (int ch = 0; ch < c.in(); ch++) {
              for (int ky = 0; ky < k; ky++) {
                int iy = y + ky - c.padding();
                if (iy < 0 || iy >= c.height()) {
                  continue;
                }
                for (int kx = 0; kx < k; kx++) {
                  int ix = x + kx - c.padding();
                  if (ix < 0 || ix >= c.width()) {
                    continue;
                  }
                  int i = ((n * c.in() + ch) * c.height() + iy) * c.width() + ix;
                  int w = ((o * c.in() + ch) * k + ky) * k + kx;
                  sum += (double) input[i] * weights[w];
                  dIn[i] += g * weights[w];
                  dW[w] += g * input[i];
                }
              }
            }
            out[at] = sum;
          }
        }
      }
    }
    return new ReferenceConvolution(out, dIn, dW);
  }
}
