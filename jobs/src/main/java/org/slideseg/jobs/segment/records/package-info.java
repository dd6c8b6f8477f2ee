/**
 * The small immutable values the driver and the tasks exchange, all serializable: slides and their
 * versions, inspection and assembly outcomes, work units, task settings and the schema of tile
 * rows. They own no resources, so nobody closes them.
 */
package org.slideseg.jobs.segment.records;
