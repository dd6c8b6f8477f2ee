package org.slideseg.common.zlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Our streams against the JDK's zlib inflater, the independent reference. */
class DeflateTest {
  @Test
  void streamsInflateBackToTheirInputs() throws Exception {
    for (byte[] input : inputs(new Random(7))) {
      byte[] stream = Deflate.compress(input);
      assertThat(stream[0]).as("zlib header").isEqualTo((byte) 0x78);
      assertThat(inflate(stream, input.length)).isEqualTo(input);
    }
  }

  /**
   * A retried task runs on another thread, after other work: its files must be the same bytes, or a
   * re-run is not byte for byte the first (SeparateExecutorsIT saw a preview one byte longer).
   */
  @Test
  void anInputGivesTheSameStreamWhateverTheThreadCompressedBefore() throws Exception {
    List<byte[]> inputs = inputs(new Random(11));
    List<byte[]> first = new ArrayList<>();
    var fresh = Executors.newSingleThreadExecutor();
    try {
      for (byte[] input : inputs) {
        first.add(fresh.submit(() -> Deflate.compress(input)).get());
      }
    } finally {
      fresh.shutdown();
    }
    List<byte[]> reversed = new ArrayList<>(inputs);
    java.util.Collections.reverse(reversed);
    for (byte[] other : reversed) {
      Deflate.compress(other); // this thread's history, in another order
      for (int i = 0; i < inputs.size(); i++) {
        assertThat(Deflate.compress(inputs.get(i)))
            .as("input %d of %d bytes after one of %d", i, inputs.get(i).length, other.length)
            .isEqualTo(first.get(i));
      }
    }
  }

  @Test
  void threadsCompressAtOnceWithoutSharingState() throws Exception {
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Random random = new Random(t);
        Callable<Boolean> task =
            () -> {
              for (byte[] input : inputs(random)) {
                if (!Arrays.equals(inflate(Deflate.compress(input), input.length), input)) {
                  return false;
                }
              }
              return true;
            };
        results.add(pool.submit(task));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void theCheckAtFirstUseRefusesStreamsThatDoNotInflateBack() {
    UnaryOperator<byte[]> ours = Deflate::compress;
    UnaryOperator<byte[]> flipped =
        input -> {
          byte[] stream = ours.apply(input);
          stream[stream.length / 2] ^= 0x10;
          return stream;
        };
    UnaryOperator<byte[]> truncated =
        input -> {
          byte[] stream = ours.apply(input);
          return Arrays.copyOf(stream, stream.length / 2);
        };
    assertThat(Deflate.roundTrips(ours)).isTrue();
    assertThat(Deflate.roundTrips(flipped)).isFalse();
    assertThat(Deflate.roundTrips(truncated)).isFalse();
    assertThat(Deflate.roundTrips(input -> null)).isFalse();
  }

  /** Mask-like runs, sparse labels, noise that does not compress, odd sizes, several blocks. */
  private static List<byte[]> inputs(Random random) {
    List<byte[]> out = new ArrayList<>();
    out.add(new byte[0]);
    out.add(new byte[] {1});
    for (int side : new int[] {1, 7, 256, 388, 1024}) {
      byte[] runs = new byte[side * side];
      for (int i = 0; i < runs.length; i++) {
        runs[i] = (byte) (((i % side) / 13 + (i / side) / 29) % 2);
      }
      out.add(runs);
      byte[] noise = new byte[side * side];
      random.nextBytes(noise);
      out.add(noise);
    }
    byte[] preview = new byte[1024 * 1024 * 3 + 5]; // beyond the reused buffer
    for (int i = 0; i < preview.length; i++) {
      preview[i] = (byte) (i % 3 == 0 ? random.nextInt(4) : 200);
    }
    out.add(preview);
    return out;
  }

  private static byte[] inflate(byte[] stream, int length) throws Exception {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stream);
      byte[] out = new byte[length + 16];
      int n = inflater.inflate(out);
      assertThat(inflater.finished()).as("stream ends").isTrue();
      assertThat(inflater.getRemaining()).as("nothing after the check").isZero();
      return Arrays.copyOf(out, n);
    } finally {
      inflater.end();
    }
  }
}
