package org.slideseg.jobs.segment.records;

import java.io.IOException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slideseg.common.mask.LabelHistogram;
import org.slideseg.common.mask.MaskPng;
import org.slideseg.common.segment.MaskTile;
import org.slideseg.common.tiling.Window;

/**
 * Rows of mask tiles as segment tasks make them: their schema and column names, and the one way to
 * make and read a row. A segment task emits a row per window, or one error row for a work unit
 * whose slide failed; the tiles table ({@code outputs/TilesTable}) keeps the output columns.
 */
public final class TileRows {
  /** The tables' partition column, also the name of their partition folders. */
  public static final String SLIDE_ID = "slide_id";

  public static final String LEVEL = "level";
  public static final String X = "x";
  public static final String Y = "y";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String MASK = "mask";
  public static final String CLASS_PIXELS = "class_pixels";

  /**
   * With --probabilities: each class's probability plane (255 = 1.0), class 0 on top, as one gray
   * PNG {@code width} wide and {@code classes * height} high; null without.
   */
  public static final String PROBABILITIES = "probabilities";

  public static final String RUN_ID = "run_id";

  /** Why a work unit failed; set on its one error row, never written to the table. */
  public static final String ERROR = "error";

  /** Task seconds, on the last row of each work unit; summed per slide, never written. */
  public static final String SECONDS = "seconds";

  /** Where the work unit ran ({@code executor 1: gpu:1}), on its last row; never written. */
  public static final String DEVICE = "device";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SLIDE_ID, DataTypes.StringType, false),
            DataTypes.createStructField(LEVEL, DataTypes.IntegerType, false),
            DataTypes.createStructField(X, DataTypes.IntegerType, false),
            DataTypes.createStructField(Y, DataTypes.IntegerType, false),
            DataTypes.createStructField(WIDTH, DataTypes.IntegerType, false),
            DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, false),
            DataTypes.createStructField(MASK, DataTypes.BinaryType, true),
            DataTypes.createStructField(
                CLASS_PIXELS, DataTypes.createArrayType(DataTypes.LongType, false), true),
            DataTypes.createStructField(PROBABILITIES, DataTypes.BinaryType, true),
            DataTypes.createStructField(RUN_ID, DataTypes.StringType, false),
            DataTypes.createStructField(ERROR, DataTypes.StringType, true),
            DataTypes.createStructField(SECONDS, DataTypes.DoubleType, true),
            DataTypes.createStructField(DEVICE, DataTypes.StringType, true),
          });

  private static final RowCodec CODEC = new RowCodec(SCHEMA);

  private TileRows() {}

  /** A segmented window: its labels as PNG, their count per class, and its probabilities. */
  public static Row tile(
      String slideId,
      int level,
      MaskTile tile,
      int classes,
      String runId,
      Double seconds,
      String device) {
    Window w = tile.window();
    long[] counts = LabelHistogram.classPixels(tile.labels(), classes);
    Long[] boxed = new Long[counts.length];
    for (int c = 0; c < counts.length; c++) {
      boxed[c] = counts[c];
    }
    byte[] png = MaskPng.encode(tile.labels(), w.width(), w.height());
    byte[] probabilities =
        tile.probabilities() == null
            ? null
            : MaskPng.encode(tile.probabilities(), w.width(), classes * w.height());
    return CODEC
        .builder()
        .set(SLIDE_ID, slideId)
        .set(LEVEL, level)
        .set(X, w.x())
        .set(Y, w.y())
        .set(WIDTH, w.width())
        .set(HEIGHT, w.height())
        .set(MASK, png)
        .set(CLASS_PIXELS, boxed)
        .set(PROBABILITIES, probabilities)
        .set(RUN_ID, runId)
        .set(SECONDS, seconds)
        .set(DEVICE, device)
        .build();
  }

  /** A column of a row as a segment task made it, which carries no schema to look names up in. */
  public static <T> T value(Row row, String column) {
    return CODEC.get(row, column);
  }

  /** The one row of a work unit whose slide failed: no window, so an empty one left of 0, 0. */
  public static Row failure(String slideId, int level, String runId, String error, double seconds) {
    return CODEC
        .builder()
        .set(SLIDE_ID, slideId)
        .set(LEVEL, level)
        .set(X, -1)
        .set(Y, -1)
        .set(WIDTH, 0)
        .set(HEIGHT, 0)
        .set(RUN_ID, runId)
        .set(ERROR, error)
        .set(SECONDS, seconds)
        .build();
  }

  /**
   * A tile read back from the tiles table, for assembly.
   *
   * @param probabilitiesPng null without --probabilities
   */
  public record Tile(
      String slideId, int x, int y, int width, int height, byte[] png, byte[] probabilitiesPng)
      implements java.io.Serializable {

    public static Tile of(Row row) {
      return new Tile(
          row.getAs(SLIDE_ID),
          row.<Integer>getAs(X),
          row.<Integer>getAs(Y),
          row.<Integer>getAs(WIDTH),
          row.<Integer>getAs(HEIGHT),
          row.getAs(MASK),
          row.getAs(PROBABILITIES));
    }

    /** The labels, in the decoder's array until its next call. */
    public byte[] labels(MaskPng.Decoder decoder) throws IOException {
      return decoder.decode(png, width, height);
    }

    /** The planes of {@code classes} probabilities, class 0 first, as {@link #labels}. */
    public byte[] probabilities(int classes, MaskPng.Decoder decoder) throws IOException {
      if (probabilitiesPng == null) {
        throw new IOException(
            "tile at x " + x + ", y " + y + " has no probabilities; segment it again");
      }
      return decoder.decode(probabilitiesPng, width, classes * height);
    }
  }
}
