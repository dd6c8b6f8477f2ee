package org.slideseg.common.vector;

import java.util.Arrays;

/**
 * Disjoint sets of the numbers 0, 1, 2, ...: which pieces belong to one region. Grows as numbers
 * are added. Not thread-safe.
 */
public final class UnionFind {
  private int[] parents = new int[16];
  private int size;

  /** Adds the next number, in a set of its own, and returns it. */
  public int add() {
    if (size == parents.length) {
      parents = Arrays.copyOf(parents, 2 * size);
    }
    parents[size] = size;
    return size++;
  }

  /** The set's representative: the smallest number in it. */
  public int root(int n) {
    while (parents[n] != n) {
      parents[n] = parents[parents[n]];
      n = parents[n];
    }
    return n;
  }

  public void union(int a, int b) {
    int ra = root(a);
    int rb = root(b);
    if (ra != rb) {
      parents[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
