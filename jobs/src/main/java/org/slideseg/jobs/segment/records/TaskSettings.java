package org.slideseg.jobs.segment.records;

import java.io.Serializable;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.PredictionMode;

/**
 * The resolved values executors need, shipped with every task: small and immutable.
 *
 * @param reuseKey what a slide's outputs depend on besides the slide: the model files (see {@link
 *     ModelDirectory#fingerprint}) and the options that change results; an earlier run's slide is
 *     reused only under the same key
 * @param precision fp32, or fp16 (half on GPUs, emulated by rounding on CPUs; npz models only)
 * @param threads PyTorch intra-op threads per task (cores / concurrent tasks)
 * @param failures which exceptions fail a slide and which a task attempt
 * @param taskTimeout seconds an inspect or segment task may take before its slide fails; 0: none
 * @param polygons write each class's regions as polygons too
 * @param simplify tolerance in pixels of the polygons' coverage simplification; 0: exact
 * @param prediction what the model computes besides labels: probabilities (written as 8-bit
 *     pyramids too), test-time augmentation
 */
public record TaskSettings(
    ModelDirectory model,
    ModelSpec spec,
    String reuseKey,
    ComputeDevice device,
    Precision precision,
    int threads,
    int batch,
    int previewSize,
    String runId,
    TaskFailures failures,
    int taskTimeout,
    boolean polygons,
    double simplify,
    PredictionMode prediction,
    SerializableConfiguration hadoop)
    implements Serializable {

  /** Whether each class's probabilities are written too (--probabilities). */
  public boolean probabilities() {
    return prediction.probabilities();
  }
}
