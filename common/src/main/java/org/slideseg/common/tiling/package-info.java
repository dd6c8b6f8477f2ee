/**
 * Overlap-tile geometry (Ronneberger et al. 2015): which windows to run so that every output pixel
 * is computed exactly once, and how to read a window with mirror padding beyond the slide's border.
 */
package org.slideseg.common.tiling;
