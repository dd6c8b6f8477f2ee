package org.slideseg.jobs.segment.executor.assembly;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.Partitioner;
import org.slideseg.common.mask.PyramidBlocks;
import org.slideseg.jobs.segment.records.BlockKey;

/**
 * Sends each block of each slide to a partition of its own (to compress its tiles), or each slide
 * to a partition of its own (to stitch its blocks): no two share one, so no task waits for another
 * slide's work. Keys are {@link BlockKey}s.
 */
public final class AssemblyPartitioner extends Partitioner {
  private final Map<String, Integer> first;
  private final int partitions;
  private final boolean perBlock;

  private AssemblyPartitioner(Map<String, Integer> first, int partitions, boolean perBlock) {
    this.first = Map.copyOf(first);
    this.partitions = Math.max(1, partitions);
    this.perBlock = perBlock;
  }

  /** One partition per block of each slide's mask. */
  public static AssemblyPartitioner perBlock(Map<String, PyramidBlocks> blocks) {
    Map<String, Integer> first = new HashMap<>();
    int next = 0;
    for (var e : new TreeMap<>(blocks).entrySet()) {
      first.put(e.getKey(), next);
      next += e.getValue().count();
    }
    return new AssemblyPartitioner(first, next, true);
  }

  /** One partition per slide. */
  public static AssemblyPartitioner perSlide(Iterable<String> slideIds) {
    Map<String, Integer> index = new HashMap<>();
    for (String id : slideIds) {
      index.putIfAbsent(id, index.size());
    }
    return new AssemblyPartitioner(index, index.size(), false);
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    BlockKey k = (BlockKey) key;
    return first.get(k.slideId()) + (perBlock ? k.block() : 0);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AssemblyPartitioner p
        && p.first.equals(first)
        && p.partitions == partitions
        && p.perBlock == perBlock;
  }

  @Override
  public int hashCode() {
    return first.hashCode() * 31 + (perBlock ? 1 : 0);
  }
}
