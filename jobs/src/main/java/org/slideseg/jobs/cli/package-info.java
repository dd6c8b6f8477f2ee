/**
 * The command line of every {@code slideseg} command: the {@link org.slideseg.jobs.cli.Command}
 * interface behind {@code Main}, and one way to declare, parse and document options.
 */
package org.slideseg.jobs.cli;
