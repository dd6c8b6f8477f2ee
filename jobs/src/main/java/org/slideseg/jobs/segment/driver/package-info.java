/**
 * What runs on the driver: the run's resolved options ({@code SegmentOptions}: command line, then
 * {@code --config}, then defaults), checking the output (with {@code outputs}' guard and lock), the
 * model and the inputs before any Spark work, discovering slides, launching the inspect, segment
 * and assemble steps, folding their per-slide outcomes into the summary, and committing the slides
 * table, manifest and {@code _SUCCESS}. The driver owns and closes the lock.
 */
package org.slideseg.jobs.segment.driver;
