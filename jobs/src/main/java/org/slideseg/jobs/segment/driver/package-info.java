/**
 * What runs on the driver: checking the output (with {@code outputs}' guard and lock), the model
 * and the inputs before any Spark work, discovering slides, launching the inspect, segment and
 * assemble steps, folding their per-slide outcomes into the summary, and committing the slides
 * table, manifest and {@code _SUCCESS}. Nothing here is serialized; the driver owns and closes the
 * lock.
 */
package org.slideseg.jobs.segment.driver;
