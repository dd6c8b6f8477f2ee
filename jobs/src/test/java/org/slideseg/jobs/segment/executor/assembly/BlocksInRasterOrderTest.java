package org.slideseg.jobs.segment.executor.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slideseg.common.mask.EncodedBlock;
import org.slideseg.jobs.segment.records.MaskBlock;

class BlocksInRasterOrderTest {
  private final List<MaskBlock> passedOn = new ArrayList<>();
  private final BlocksInRasterOrder order =
      new BlocksInRasterOrder("slide-under-test", passedOn::add);

  @Test
  void blocksGoOnInRasterOrderWhateverOrderTheyCameIn() throws IOException {
    for (int index : new int[] {3, 1, 0, 2, 6, 4, 5}) {
      order.offer(block(index));
    }
    assertThat(passedOn).extracting(MaskBlock::block).containsExactly(0, 1, 2, 3, 4, 5, 6);
    // Each block whole, as it came: the early ones went through a file and back.
    for (MaskBlock b : passedOn) {
      assertThat(b.encoded().tiles().get(0).data()).isEqualTo(tileBytes(b.block()));
      assertThat(b.encoded().rows()).isEqualTo(tileBytes(b.block() + 1));
      assertThat(b.classPixels()).containsExactly(b.block(), 1);
    }
    assertThat(waitingFiles()).isEmpty();
  }

  @Test
  void anEarlyBlockWaitsInAFileOnlyUntilItsTurn() throws IOException {
    order.offer(block(1));
    order.offer(block(2));
    assertThat(passedOn).isEmpty();
    assertThat(waitingFiles()).hasSize(2);
    order.offer(block(0));
    assertThat(passedOn).extracting(MaskBlock::block).containsExactly(0, 1, 2);
    assertThat(waitingFiles()).isEmpty();
  }

  @Test
  void blocksAfterAMissingOneAreNotPassedOnAndTheirFilesGoWhenDiscarded() throws IOException {
    order.offer(block(0));
    order.offer(block(2));
    assertThat(passedOn).extracting(MaskBlock::block).containsExactly(0);
    order.discard();
    assertThat(waitingFiles()).isEmpty();
  }

  @Test
  void aBlockThatComesTwiceIsAnError() throws IOException {
    order.offer(block(0));
    order.offer(block(2));
    assertThatThrownBy(() -> order.offer(block(0)))
        .hasMessage("block 0 of slide-under-test came twice");
    assertThatThrownBy(() -> order.offer(block(2)))
        .hasMessage("block 2 of slide-under-test came twice");
    order.discard();
  }

  private static MaskBlock block(int index) {
    var tile = new EncodedBlock.Tile(0, index, 0, tileBytes(index));
    var encoded = new EncodedBlock(index, List.of(tile), tileBytes(index + 1), 16);
    return new MaskBlock(
        "slide-under-test", index, encoded, List.of(), 1, new long[] {index, 1}, List.of(), null);
  }

  private static byte[] tileBytes(int seed) {
    byte[] bytes = new byte[1000 + seed];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }

  private static List<Path> waitingFiles() throws IOException {
    String pid = Long.toString(ProcessHandle.current().pid());
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(
              f -> f.getFileName().toString().startsWith("slideseg-" + pid + "-slide-under-test-"))
          .toList();
    }
  }
}
