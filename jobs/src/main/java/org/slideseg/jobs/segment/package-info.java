/**
 * The Spark segmentation job, one package per role: {@code cli} parses the command line, {@code
 * driver} plans and commits a run on the driver, {@code executor} holds the functions that run in
 * Spark tasks, and {@code records} the small serializable values they exchange.
 */
package org.slideseg.jobs.segment;
