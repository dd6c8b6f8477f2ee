package org.slideseg.jobs.segment;

import java.io.Serializable;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;

/**
 * The resolved values executors need, shipped with every task: small and immutable.
 *
 * @param threads PyTorch intra-op threads per task (cores / concurrent tasks)
 */
public record TaskSettings(
    ModelDirectory model, ModelSpec spec, String device, int threads, int batch, int previewSize,
    String runId,
    SerializableConfiguration hadoop) implements Serializable {}
