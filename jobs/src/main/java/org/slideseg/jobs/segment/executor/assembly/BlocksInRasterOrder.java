package org.slideseg.jobs.segment.executor.assembly;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.slideseg.jobs.segment.executor.TaskTempFiles;
import org.slideseg.jobs.segment.records.MaskBlock;

/**
 * Passes one slide's mask blocks on in raster order, whatever order the shuffle delivers them in: a
 * block whose turn has come goes on at once, an early one waits in a task temporary file until its
 * turn. So a slide's task holds one block at a time, however many the slide has; Spark's sort would
 * hold them all (it checks its memory every 32 records, and a block of a large slide is tens of
 * MB). Not thread-safe.
 */
final class BlocksInRasterOrder {
  /** Passes a block on; IOException as in the task that stitches. */
  interface Next {
    void accept(MaskBlock block) throws IOException;
  }

  private final String slideId;
  private final Next next;
  private final Map<Integer, Path> waiting = new TreeMap<>();
  private int expected;

  BlocksInRasterOrder(String slideId, Next next) {
    this.slideId = slideId;
    this.next = next;
  }

  /** Takes the slide's next delivered block. */
  void offer(MaskBlock block) throws IOException {
    int index = block.block();
    if (index < expected || waiting.containsKey(index)) {
      throw new IllegalStateException("block " + index + " of " + slideId + " came twice");
    }
    if (index != expected) {
      waiting.put(index, written(block));
      return;
    }
    next.accept(block);
    expected++;
    for (Path file = waiting.remove(expected); file != null; file = waiting.remove(expected)) {
      next.accept(read(file));
      expected++;
    }
  }

  /** Removes the files of blocks that never got their turn (a block before them is missing). */
  void discard() {
    waiting.values().forEach(TaskTempFiles::deleteQuietly);
    waiting.clear();
  }

  private Path written(MaskBlock block) throws IOException {
    Path file = TaskTempFiles.create(slideId + "-block-" + block.block(), ".bin");
    try (var out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeObject(block);
    } catch (IOException e) {
      TaskTempFiles.deleteQuietly(file);
      throw new IOException("cannot keep block " + block.block() + " in " + file + ": " + e, e);
    }
    return file;
  }

  private static MaskBlock read(Path file) throws IOException {
    try (var in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      return (MaskBlock) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException(file + " does not hold a mask block", e);
    } finally {
      TaskTempFiles.deleteQuietly(file);
    }
  }
}
