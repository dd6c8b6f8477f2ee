/**
 * {@code slideseg segment} on the command line: its options, resolved once on the driver (command
 * line, then {@code --config}, then defaults), and the SparkSession it runs on. Nothing here is
 * shipped to executors.
 */
package org.slideseg.jobs.segment.cli;
