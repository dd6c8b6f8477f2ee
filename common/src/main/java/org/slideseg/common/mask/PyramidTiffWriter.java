package org.slideseg.common.mask;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes an 8-bit, one-channel, tiled, Deflate-compressed, pyramidal BigTIFF from full-width rows
 * given top to bottom. Reduced levels halve the size until the image fits one tile; they follow the
 * full-resolution image in the main IFD chain, the layout OpenSlide, libvips and QuPath read.
 *
 * <p>Memory: one band of {@code tileSize} rows per level, never the image. Tiles are appended as
 * they are completed; the directories go at the end and the header is patched last, so a file cut
 * short by a crash has no valid first directory and is never mistaken for a complete one.
 *
 * <p>Not thread-safe.
 */
public final class PyramidTiffWriter implements AutoCloseable {
  private static final int HEADER_BYTES = 16;

  private final FileChannel out;
  private final int tileSize;
  private final Resampling resampling;
  private final List<Level> levels = new ArrayList<>();
  private final TiffMetadata metadata;
  private final Deflater deflater = new Deflater(6);
  private boolean finished;

  /**
   * @param metadata description and optional physical pixel size, stored in the first directory
   */
  public PyramidTiffWriter(
      Path file, int width, int height, int tileSize, Resampling resampling, TiffMetadata metadata)
      throws IOException {
    if (tileSize <= 0 || tileSize % 16 != 0) {
      throw new IllegalArgumentException(
          "tile size " + tileSize + " must be a positive multiple of 16");
    }
    this.tileSize = tileSize;
    this.resampling = resampling;
    this.metadata = metadata;
    int w = width;
    int h = height;
    levels.add(new Level(w, h));
    while (w > tileSize || h > tileSize) {
      w = (w + 1) / 2;
      h = (h + 1) / 2;
      levels.add(new Level(w, h));
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

  /**
   * Appends {@code rowCount} full-width rows, {@code width * rowCount} bytes from {@code rows}.
   *
   * @throws IllegalArgumentException when more rows arrive than the image has
   */
  public void writeRows(byte[] rows, int rowCount) throws IOException {
    Level top = levels.get(0);
    if (rows.length < top.width * rowCount) {
      throw new IllegalArgumentException(
          rows.length + " bytes do not hold " + rowCount + " rows of " + top.width);
    }
    for (int r = 0; r < rowCount; r++) {
      addRow(0, rows, r * top.width);
    }
  }

  private void addRow(int index, byte[] src, int offset) throws IOException {
    Level level = levels.get(index);
    if (level.rowsReceived >= level.height) {
      throw new IllegalArgumentException(
          "level " + index + " already has all of its " + level.height + " rows");
    }
    System.arraycopy(src, offset, level.band, level.bandRows * level.width, level.width);
    level.bandRows++;
    level.rowsReceived++;
    if (level.bandRows == tileSize || level.rowsReceived == level.height) {
      flushBand(index);
    }
  }

  private void flushBand(int index) throws IOException {
    Level level = levels.get(index);
    for (int tx = 0; tx < level.tilesAcross(); tx++) {
      level.recordTile(appendTile(level, tx));
    }
    if (index + 1 < levels.size()) {
      int next = levels.get(index + 1).width;
      byte[] row = new byte[next];
      for (int r = 0; r < level.bandRows; r += 2) {
        downsampleRow(level, r, row);
        addRow(index + 1, row, 0);
      }
    }
    level.bandRows = 0;
  }

  private long[] appendTile(Level level, int tx) throws IOException {
    byte[] tile = new byte[tileSize * tileSize];
    int x0 = tx * tileSize;
    int w = Math.min(tileSize, level.width - x0);
    for (int r = 0; r < level.bandRows; r++) {
      System.arraycopy(level.band, r * level.width + x0, tile, r * tileSize, w);
    }
    deflater.reset();
    deflater.setInput(tile);
    deflater.finish();
    byte[] buffer = new byte[tile.length + tile.length / 100 + 64];
    int length = 0;
    while (!deflater.finished()) {
      if (length == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
      }
      length += deflater.deflate(buffer, length, buffer.length - length);
    }
    long offset = out.position();
    ByteBuffer data = ByteBuffer.wrap(buffer, 0, length);
    while (data.hasRemaining()) {
      out.write(data);
    }
    return new long[] {offset, length};
  }

  private void downsampleRow(Level level, int r, byte[] row) {
    boolean second = r + 1 < level.bandRows;
    for (int x = 0; x < row.length; x++) {
      int a = r * level.width + 2 * x;
      boolean right = 2 * x + 1 < level.width;
      if (resampling == Resampling.NEAREST) {
        row[x] = level.band[a];
        continue;
      }
      int sum = level.band[a] & 0xff;
      int n = 1;
      if (right) {
        sum += level.band[a + 1] & 0xff;
        n++;
      }
      if (second) {
        sum += level.band[a + level.width] & 0xff;
        n++;
        if (right) {
          sum += level.band[a + level.width + 1] & 0xff;
          n++;
        }
      }
      row[x] = (byte) ((sum + n / 2) / n);
    }
  }

  /** Writes the directories and the header. Fails, leaving no valid TIFF, if rows are missing. */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try (out) {
      deflater.end();
      Level top = levels.get(0);
      if (top.rowsReceived != top.height) {
        throw new IllegalStateException(
            "mask incomplete: received " + top.rowsReceived + " of " + top.height + " rows");
      }
      long first = 0;
      long previousNextField = -1;
      for (int i = 0; i < levels.size(); i++) {
        Level level = levels.get(i);
        var dir =
            TiffDirectory.forLevel(
                level.width,
                level.height,
                tileSize,
                i > 0,
                level.offsets(),
                level.byteCounts(),
                i == 0 ? metadata : TiffMetadata.NONE);
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

  /** One pyramid level: its current band and the tiles written so far. */
  private final class Level {
    final int width;
    final int height;
    final byte[] band;
    int bandRows;
    int rowsReceived;
    private final List<long[]> tiles = new ArrayList<>();

    Level(int width, int height) {
      this.width = width;
      this.height = height;
      this.band = new byte[tileSize * width];
    }

    int tilesAcross() {
      return (width + tileSize - 1) / tileSize;
    }

    void recordTile(long[] offsetAndLength) {
      tiles.add(offsetAndLength);
    }

    long[] offsets() {
      return tiles.stream().mapToLong(t -> t[0]).toArray();
    }

    long[] byteCounts() {
      return tiles.stream().mapToLong(t -> t[1]).toArray();
    }
  }
}
