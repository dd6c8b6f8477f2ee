/**
 * The Spark segmentation job, one package per role: {@code cli} parses the command line, {@code
 * driver} plans and commits a run on the driver, {@code executor} holds the functions that run in
 * Spark tasks, {@code outputs} the outputs' rules (layout, whole-file writes, completion records,
 * the manifest, the guard and the lock), and {@code records} the small serializable values they
 * exchange. Here at the root: the Spark set-up both the command line and the driver use.
 */
package org.slideseg.jobs.segment;
