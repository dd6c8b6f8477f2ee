/**
 * Entry point of slideseg: {@code Main} dispatches to the {@code segment}, {@code demo}, {@code
 * train} and {@code bench} commands, each a {@link org.slideseg.jobs.cli.Command}.
 */
package org.slideseg.jobs;
