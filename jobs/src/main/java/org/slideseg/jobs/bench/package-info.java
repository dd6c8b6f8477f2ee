/**
 * Benchmarks that print figures: model throughput per batch size, and mask writing speed and
 * memory.
 */
package org.slideseg.jobs.bench;
