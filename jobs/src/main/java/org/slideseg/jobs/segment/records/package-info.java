/**
 * The small immutable values the driver and the tasks exchange, all serializable: slides and their
 * versions, inspection and assembly outcomes, work units, task settings and the schema of tile
 * rows. They own no resources, so nobody closes them; a few also do the one thing their value is
 * for ({@code SlideRef.open} opens the slide it names, refusing a changed version; {@code
 * TileRows.tile} encodes a tile row's PNGs).
 */
package org.slideseg.jobs.segment.records;
