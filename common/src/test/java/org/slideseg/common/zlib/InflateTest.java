package org.slideseg.common.zlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * ISA-L's fast path against the JDK's zlib, the independent reference: what it accepts is the
 * input, and every stream it cannot vouch for is left to zlib.
 */
class InflateTest {
  @Test
  void zlibStreamsOfEveryLevelInflateToTheirInputs() {
    Random random = new Random(3);
    for (int level : new int[] {0, 1, 6, 9}) {
      for (byte[] input : inputs(random)) {
        byte[] stream = zlib(input, level, false);
        byte[] out = new byte[input.length];
        assertThat(Inflate.into(stream, 0, stream.length, out, out.length))
            .as("level %d", level)
            .isTrue();
        assertThat(out).isEqualTo(input);
      }
    }
  }

  @Test
  void aStreamWithinLargerDataInflatesFromItsOffset() {
    byte[] input = inputs(new Random(4))[2];
    byte[] stream = zlib(input, 1, false);
    byte[] data = new byte[stream.length + 20];
    System.arraycopy(stream, 0, data, 11, stream.length);
    byte[] out = new byte[input.length];
    assertThat(Inflate.into(data, 11, stream.length, out, out.length)).isTrue();
    assertThat(out).isEqualTo(input);
  }

  @Test
  void aStreamFillsTheStartOfALargerArrayAndLeavesTheRest() {
    byte[] input = inputs(new Random(6))[0];
    byte[] stream = zlib(input, 1, false);
    byte[] out = new byte[input.length + 7];
    Arrays.fill(out, (byte) 0x55);
    assertThat(Inflate.into(stream, 0, stream.length, out, input.length)).isTrue();
    assertThat(Arrays.copyOf(out, input.length)).isEqualTo(input);
    assertThat(Arrays.copyOfRange(out, input.length, out.length)).containsOnly((byte) 0x55);
  }

  @Test
  void streamsItCannotVouchForAreLeftToZlib() {
    byte[] input = inputs(new Random(5))[2];
    byte[] stream = zlib(input, 1, false);
    byte[] out = new byte[input.length];
    // Cut short, a byte changed in the data or the check, bytes after the check.
    assertThat(Inflate.into(stream, 0, stream.length - 9, out, out.length)).isFalse();
    byte[] check = stream.clone();
    check[stream.length - 2] ^= 0x04;
    assertThat(Inflate.into(check, 0, check.length, out, out.length)).isFalse();
    // Some changes in the data leave a valid stream of the same bytes (zlib reads them too): only
    // the input may come out, and most changes are refused.
    int refused = 0;
    for (int at = 2; at < stream.length - 4; at += stream.length / 40) {
      byte[] changed = stream.clone();
      changed[at] ^= 0x04;
      boolean inflated = Inflate.into(changed, 0, changed.length, out, out.length);
      assertThat(!inflated || Arrays.equals(out, input)).as("byte %d", at).isTrue();
      refused += inflated ? 0 : 1;
    }
    assertThat(refused).isGreaterThan(30);
    byte[] trailing = Arrays.copyOf(stream, stream.length + 3);
    assertThat(Inflate.into(trailing, 0, trailing.length, out, out.length)).isFalse();
    // Another length than the stream's, either way.
    assertThat(Inflate.into(stream, 0, stream.length, new byte[input.length + 1], input.length + 1))
        .isFalse();
    assertThat(Inflate.into(stream, 0, stream.length, new byte[input.length - 1], input.length - 1))
        .isFalse();
    // Raw Deflate, and a zlib header that asks for a preset dictionary.
    byte[] raw = zlib(input, 1, true);
    assertThat(Inflate.into(raw, 0, raw.length, out, out.length)).isFalse();
    byte[] dictionary = stream.clone();
    dictionary[1] = (byte) 0x20; // FDICT, with a header check still right: 0x7820 % 31 == 0
    assertThat((0x78 << 8 | 0x20) % 31).isZero();
    assertThat(Inflate.into(dictionary, 0, dictionary.length, out, out.length)).isFalse();
  }

  private static byte[][] inputs(Random random) {
    byte[] runs = new byte[388 * 388];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = (byte) (((i % 388) / 13 + (i / 388) / 29) % 2);
    }
    byte[] noise = new byte[100_000];
    random.nextBytes(noise);
    byte[] labels = new byte[512 * 512];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (random.nextInt(10) == 0 ? random.nextInt(3) : 1);
    }
    return new byte[][] {new byte[] {9}, runs, labels, noise};
  }

  private static byte[] zlib(byte[] input, int level, boolean raw) {
    Deflater deflater = new Deflater(level, raw);
    try {
      deflater.setInput(input);
      deflater.finish();
      byte[] out = new byte[input.length * 2 + 64];
      int n = deflater.deflate(out);
      assertThat(deflater.finished()).isTrue();
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }
}
