package org.slideseg.jobs.segment.records;

import java.io.Serializable;

/**
 * One polygon of a mask block's class regions, in pixels of the segmented level.
 *
 * @param open it touches a border the block shares with another block, so it may be a piece of a
 *     region that goes on there and is merged on the slide's task; a closed one is final
 * @param wkb the polygon as Well-Known Binary
 */
public record BlockRegion(int label, boolean open, byte[] wkb) implements Serializable {}
