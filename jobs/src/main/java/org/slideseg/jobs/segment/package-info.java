/**
 * The Spark segmentation job: discover slides, inspect them, segment windows in parallel, write
 * Parquet mask tiles, assemble per-slide pyramidal TIFF masks and previews, summarise and commit.
 */
package org.slideseg.jobs.segment;
