/**
 * The assemble step's tasks, which {@code driver/MaskAssembly} chains: a slide's tiles go to the
 * mask blocks they overlap ({@link
 * org.slideseg.jobs.segment.executor.assembly.AssemblyPartitioner}), each block's task compresses
 * its pyramid tiles and regions ({@link
 * org.slideseg.jobs.segment.executor.assembly.EncodeMaskBlocks}), and one task per slide stitches
 * its blocks, in raster order, into the mask, probability and polygon files and the preview ({@link
 * org.slideseg.jobs.segment.executor.assembly.StitchMasks}).
 */
package org.slideseg.jobs.segment.executor.assembly;
