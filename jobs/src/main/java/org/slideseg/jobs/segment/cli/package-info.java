/**
 * {@code slideseg segment} on the command line: {@code SegmentCommand} parses the options (into the
 * driver's {@code SegmentOptions}) and makes the SparkSession the job runs on. Nothing here is
 * shipped to executors.
 */
package org.slideseg.jobs.segment.cli;
