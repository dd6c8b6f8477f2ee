/**
 * What every command tells its user, below every layer that reports: {@code UsageException}, a run
 * refused before any work (exit 2), and {@code ProgressLine}, the one way to show progress.
 */
package org.slideseg.jobs.console;
