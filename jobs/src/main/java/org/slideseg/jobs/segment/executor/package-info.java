/**
 * The functions Spark runs in tasks: inspect a slide, segment a run of its windows, and (in {@code
 * assembly}) assemble a slide's mask. They are serializable and hold only {@code records}; each
 * opens and closes its own slide readers and predictors. {@link
 * org.slideseg.jobs.segment.executor.ExecutorModels} is the one JVM-wide cache: a model per
 * executor JVM and device, never closed before the JVM exits.
 */
package org.slideseg.jobs.segment.executor;
