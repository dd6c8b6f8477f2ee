package org.slideseg.jobs.segment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** The 334-byte TIFF of the hand test: a header claiming 1,000,000 x 1,000,000 tiled pixels. */
public final class HostileTiff {
  private HostileTiff() {}

  public static byte[] claimingAMillionSquarePixels() {
    int[][] tags = {
      {256, 1_000_000},
      {257, 1_000_000},
      {258, 8},
      {259, 8},
      {262, 1},
      {322, 256},
      {323, 256},
      {324, 200},
      {325, 100}
    };
    ByteBuffer b = ByteBuffer.allocate(334).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    b.putShort((short) tags.length);
    for (int[] t : tags) {
      b.putShort((short) t[0]).putShort((short) 4).putInt(1).putInt(t[1]);
    }
    b.putInt(0);
    return Arrays.copyOf(b.array(), 334);
  }
}
