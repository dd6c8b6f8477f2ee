package org.slideseg.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One predictor's way from window bytes to the model's input: a normalised NCHW float tensor of
 * {@code (pixel * scale - mean[c]) / std[c]}. Used by one thread at a time, as its predictor is.
 *
 * <p>Each channel's 256 possible values are computed once, in double and rounded once to float (as
 * training computes them, so that both see the same numbers); each pixel then picks its value from
 * that table: one look-up instead of four passes of double arithmetic over every pixel.
 *
 * <p>Inputs reach libtorch through one native buffer that this object keeps and reuses. DJL would
 * otherwise copy every batch into a fresh direct buffer that only a garbage collection frees, tens
 * of MB of them at a time, and peak resident memory grew with the slide (README, Performance).
 */
final class WindowTensors {
  private static final int VALUES = 256;
  private final float[] table;
  private final int channels;
  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

  WindowTensors(Normalization n, int channels) {
    this.channels = channels;
    this.table = new float[channels * VALUES];
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < VALUES; p++) {
        table[c * VALUES + p] = (float) ((p * n.scale() - n.mean(c)) / n.std(c));
      }
    }
  }

  /**
   * The batch's windows as normalised floats, {@code count x channels x height x width}, on the
   * manager's device. The tensor may read this object's buffer: it is valid until the next call.
   */
  NDArray normalised(NDManager manager, WindowBatch batch) {
    if (batch.channels() != channels) {
      throw new IllegalArgumentException(
          "windows of " + batch.channels() + " channel(s) for a model of " + channels);
    }
    return manager.getDevice().isGpu()
        ? lookedUpOnDevice(manager, batch)
        : lookedUpHere(manager, batch);
  }

  /**
   * For a CPU: the floats written here into the buffer the tensor reads, in one pass. Libtorch's
   * look-up on a CPU ({@code take}) is an element-by-element gather: it took 1.1 of 27 CPU-seconds
   * of a 16384 x 16384 no-op run, as much as the double arithmetic it replaced.
   */
  NDArray lookedUpHere(NDManager manager, WindowBatch batch) {
    int plane = batch.height() * batch.width();
    int count = batch.count() * channels * plane;
    FloatBuffer out = buffer(count * Float.BYTES).asFloatBuffer();
    byte[] pixels = batch.pixels();
    for (int w = 0; w < batch.count(); w++) {
      for (int c = 0; c < channels; c++) {
        int to = (w * channels + c) * plane;
        int from = w * plane * channels + c;
        int values = c * VALUES;
        for (int i = 0; i < plane; i++) {
          out.put(to + i, table[values + (pixels[from + i * channels] & 0xff)]);
        }
      }
    }
    Shape planar = new Shape(batch.count(), channels, batch.height(), batch.width());
    return manager.create(buffer.slice(0, count * Float.BYTES), planar, DataType.FLOAT32);
  }

  /**
   * For a GPU: table and bytes travel (four times less than floats) and each pixel picks its value
   * there.
   */
  NDArray lookedUpOnDevice(NDManager manager, WindowBatch batch) {
    int tableBytes = table.length * Float.BYTES;
    byte[] pixels = batch.pixels();
    buffer(tableBytes + pixels.length).asFloatBuffer().put(table);
    buffer.put(tableBytes, pixels);
    NDArray values =
        manager.create(buffer.slice(0, tableBytes), new Shape(table.length), DataType.FLOAT32);
    Shape interleaved = new Shape(batch.count(), batch.height(), batch.width(), channels);
    NDArray bytes =
        manager.create(buffer.slice(tableBytes, pixels.length), interleaved, DataType.UINT8);
    NDArray index = bytes.transpose(0, 3, 1, 2).toType(DataType.INT64, false);
    if (channels > 1) {
      // Channel c's values start at c * 256 in the table.
      NDArray offsets = manager.arange(0, channels * VALUES, VALUES, DataType.INT64);
      index = index.addi(offsets.reshape(1, channels, 1, 1));
    }
    return values.take(manager, index);
  }

  /** This object's buffer, at least {@code bytes} long, in the platform's byte order. */
  private ByteBuffer buffer(int bytes) {
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    return buffer;
  }
}
