/**
 * Mask outputs: PNG-encoded mask tiles, the streaming pyramidal TIFF writer, and preview rendering.
 * Nothing here holds a full-resolution slide or mask in memory.
 */
package org.slideseg.common.mask;
