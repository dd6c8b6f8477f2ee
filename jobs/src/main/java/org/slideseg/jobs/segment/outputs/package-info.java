/**
 * The outputs' rules, in one place: where each output lives ({@link
 * org.slideseg.jobs.segment.outputs.OutputLayout}), how a file is written whole ({@link
 * org.slideseg.jobs.segment.outputs.WholeFiles}), a slide's completion record ({@link
 * org.slideseg.jobs.segment.outputs.CompletedSlide}), the manifest, and, on the driver, the guard
 * that refuses an output holding what slideseg did not write, the lock that makes a run the
 * output's one writer, the clean-up of what killed runs left, and the removal of a slide's earlier
 * outputs. Tasks use the first three to write; the rest is the driver's.
 */
package org.slideseg.jobs.segment.outputs;
