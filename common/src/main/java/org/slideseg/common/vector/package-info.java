/**
 * Masks to polygons: each class's connected regions, holes kept, in pixel coordinates. Built row
 * band by row band, so no mask is held whole.
 */
package org.slideseg.common.vector;
