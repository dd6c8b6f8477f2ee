package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.PredictionMode;

/**
 * The resolved values executors need, shipped with every task: small and immutable, in named
 * groups.
 */
public record TaskSettings(
    ModelDirectory model,
    ModelSpec spec,
    Compute compute,
    Outputs outputs,
    Run run,
    SerializableConfiguration hadoop)
    implements Serializable {

  /**
   * How the model runs.
   *
   * @param precision fp32, or fp16 (half on GPUs, emulated by rounding on CPUs; npz models only)
   * @param threads PyTorch intra-op threads per task (cores / concurrent tasks)
   * @param prediction what the model computes besides labels: probabilities (written as 8-bit
   *     pyramids too), test-time augmentation
   */
  public record Compute(
      ComputeDevice device, Precision precision, int threads, int batch, PredictionMode prediction)
      implements Serializable {}

  /**
   * What is written besides the mask, and the mask's files.
   *
   * @param maskFormat a TIFF, an OME-Zarr label image, or both
   * @param polygons write each class's regions as polygons too
   * @param simplify tolerance in pixels of the polygons' coverage simplification; 0: exact
   */
  public record Outputs(MaskFormat maskFormat, int previewSize, boolean polygons, double simplify)
      implements Serializable {}

  /**
   * The run the tasks belong to.
   *
   * @param reuseKey what a slide's outputs depend on besides the slide: the model files (see {@link
   *     ModelDirectory#fingerprint}) and the options that change results; an earlier run's slide is
   *     reused only under the same key
   * @param failures which exceptions fail a slide and which a task attempt
   * @param taskTimeout seconds an inspect or segment task may take before its slide fails; 0: none
   */
  public record Run(String runId, String reuseKey, TaskFailures failures, int taskTimeout)
      implements Serializable {}

  /** Whether each class's probabilities are written too (--probabilities). */
  public boolean probabilities() {
    return compute.prediction().probabilities();
  }
}
