/**
 * What runs on the driver: checking the output, the model and the inputs before any Spark work,
 * holding the output's lock, discovering slides, launching the inspect, segment and assemble steps,
 * folding their per-slide outcomes into the summary, and committing the slides table, manifest and
 * {@code _SUCCESS}. Nothing here is serialized; the driver owns and closes the lock.
 */
package org.slideseg.jobs.segment.driver;
