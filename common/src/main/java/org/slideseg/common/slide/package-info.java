/**
 * Reading slides region by region: one {@link org.slideseg.common.slide.SlideReader} per open
 * slide, for pyramidal TIFF / BigTIFF and plain raster images, over any Hadoop file system.
 */
package org.slideseg.common.slide;
