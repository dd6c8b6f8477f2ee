/** Command-line entry point of slideseg: dispatches to {@code segment} and {@code demo}. */
package org.slideseg.jobs;
