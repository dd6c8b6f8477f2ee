package org.slideseg.jobs.segment;

import java.io.Serializable;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;

/**
 * The resolved values executors need, shipped with every task: small and immutable.
 *
 * @param modelFingerprint identifies the model files, see {@link ModelDirectory#fingerprint}
 * @param levelOption the --level option (-1 for auto), recorded with completed slides
 * @param threads PyTorch intra-op threads per task (cores / concurrent tasks)
 */
public record TaskSettings(
    ModelDirectory model,
    ModelSpec spec,
    String modelFingerprint,
    int levelOption,
    String device,
    int threads,
    int batch,
    int previewSize,
    String runId,
    SerializableConfiguration hadoop)
    implements Serializable {}
