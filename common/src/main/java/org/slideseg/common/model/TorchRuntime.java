package org.slideseg.common.model;

/**
 * JVM-wide settings of the PyTorch engine. DJL reads them once, when the engine starts, so they
 * must be applied before the first model is loaded in this JVM; values the user set with {@code -D}
 * win.
 */
public final class TorchRuntime {
  private TorchRuntime() {}

  /**
   * Forbids downloads and sizes PyTorch's thread pools.
   *
   * @param threads intra-op threads per JVM: the cores of the JVM divided by its concurrent tasks
   */
  public static void configure(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads " + threads + " must be at least 1");
    }
    setDefault("ai.djl.offline", "true");
    setDefault("ai.djl.pytorch.num_threads", Integer.toString(threads));
    // Tasks already run windows in parallel; inter-op parallelism would oversubscribe the cores.
    setDefault("ai.djl.pytorch.num_interop_threads", "1");
    // The profiling JIT re-optimises for every new batch shape (the last batch of a task is
    // smaller),
    // which costs more than it saves for convolutional networks.
    setDefault("ai.djl.pytorch.graph_optimizer", "false");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
