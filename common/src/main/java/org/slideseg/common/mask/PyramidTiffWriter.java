package org.slideseg.common.mask;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an 8-bit, one-channel, tiled, Deflate-compressed, pyramidal BigTIFF. Reduced levels halve
 * the size until the image fits one tile; they follow the full-resolution image in the main IFD
 * chain, the layout OpenSlide, libvips and QuPath read.
 *
 * <p>Tiles come already compressed ({@link #writeTile}, as tasks that compressed parts of the image
 * in parallel deliver them), or are made here from rows ({@link #writeRows}, or {@link #rowsFrom}
 * for the levels above those delivered as tiles). Tiles are appended in whatever order they come;
 * the directories go at the end and the header is patched last, so a file cut short by a crash has
 * no valid first directory and is never mistaken for a complete one.
 *
 * <p>Memory: the tile offsets and, for levels made here, one band of {@code tileSize} rows each;
 * never the image. Not thread-safe.
 */
public final class PyramidTiffWriter implements PyramidOutput, AutoCloseable {
  private static final int HEADER_BYTES = 16;

  private final FileChannel out;
  private final int tileSize;
  private final List<Level> levels = new ArrayList<>();
  private final TiffMetadata metadata;

  /** The levels made here from rows; their tiles come back to {@link #writeTile}. */
  private final PyramidChunks fromRows;

  private boolean finished;

  /**
   * @param metadata description and optional physical pixel size, stored in the first directory
   */
  public PyramidTiffWriter(
      Path file, int width, int height, int tileSize, Resampling resampling, TiffMetadata metadata)
      throws IOException {
    this.tileSize = tileSize;
    this.metadata = metadata;
    this.fromRows = new PyramidChunks(width, height, tileSize, resampling, this::writeTile);
    for (int[] size : TilePyramid.levelSizes(width, height, tileSize)) {
      levels.add(new Level(size[0], size[1]));
    }
    this.out =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    out.write(ByteBuffer.allocate(HEADER_BYTES), 0);
    out.position(HEADER_BYTES);
  }

  /** How many levels the file has. */
  @Override
  public int levelCount() {
    return levels.size();
  }

  /**
   * Appends {@code rowCount} full-width rows of level 0, {@code width * rowCount} bytes from {@code
   * rows}, and makes every level from them.
   *
   * @throws IllegalArgumentException when more rows arrive than the image has
   */
  public void writeRows(byte[] rows, int rowCount) throws IOException {
    int width = levels.get(0).width;
    if (rows.length < width * rowCount) {
      throw new IllegalArgumentException(
          rows.length + " bytes do not hold " + rowCount + " rows of " + width);
    }
    rowsFrom(0).addRows(rows, 0, width, rowCount);
  }

  @Override
  public TilePyramid rowsFrom(int level) {
    return fromRows.rowsFrom(level);
  }

  /** Appends one compressed tile of a level. */
  @Override
  public void writeTile(int level, int column, int row, byte[] data) throws IOException {
    Level l = levels.get(level);
    int index = l.index(column, row);
    if (l.offsets[index] != 0) {
      throw new IllegalArgumentException(
          "tile " + column + "," + row + " of level " + level + " was already written");
    }
    long offset = out.position();
    ByteBuffer bytes = ByteBuffer.wrap(data);
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
    l.offsets[index] = offset;
    l.byteCounts[index] = data.length;
  }

  /**
   * Writes the directories and the header. Fails, leaving no valid TIFF, if rows or tiles are
   * missing.
   */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try (out) {
      fromRows.finish();
      long first = 0;
      long previousNextField = -1;
      for (int i = 0; i < levels.size(); i++) {
        Level level = levels.get(i);
        level.checkComplete(i);
        var dir =
            TiffDirectory.forLevel(
                level.width,
                level.height,
                tileSize,
                i > 0,
                level.offsets,
                level.byteCounts,
                i == 0 ? metadata : metadata.forReducedLevel());
        long at = dir.write(out);
        if (previousNextField < 0) {
          first = at;
        } else {
          out.write(le8(at), previousNextField);
        }
        previousNextField = dir.nextOffsetField();
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header
          .put((byte) 'I')
          .put((byte) 'I')
          .putShort((short) 43)
          .putShort((short) 8)
          .putShort((short) 0);
      header.putLong(first).flip();
      out.write(header, 0);
    }
  }

  private static ByteBuffer le8(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).flip();
  }

  /** One level's size and where its tiles are; offset 0 (the header's place) is no tile yet. */
  private final class Level {
    final int width;
    final int height;
    final long[] offsets;
    final long[] byteCounts;

    Level(int width, int height) {
      this.width = width;
      this.height = height;
      int tiles = tilesAcross() * ((height + tileSize - 1) / tileSize);
      this.offsets = new long[tiles];
      this.byteCounts = new long[tiles];
    }

    int tilesAcross() {
      return (width + tileSize - 1) / tileSize;
    }

    int index(int column, int row) {
      if (column < 0 || column >= tilesAcross() || row < 0 || row * tileSize >= height) {
        throw new IllegalArgumentException(
            "tile "
                + column
                + ","
                + row
                + " lies outside the "
                + width
                + " x "
                + height
                + " level");
      }
      return row * tilesAcross() + column;
    }

    void checkComplete(int level) {
      long missing = Arrays.stream(offsets).filter(o -> o == 0).count();
      if (missing > 0) {
        throw new IllegalStateException(
            "mask incomplete: level "
                + level
                + " lacks "
                + missing
                + " of "
                + offsets.length
                + " tiles");
      }
    }
  }
}
