package org.slideseg.jobs.segment;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of mask-tile rows; {@code error} is set on the row that reports a failed work unit.
 */
final class TileRows {
  static final String SLIDE_ID = "slide_id";
  static final String ERROR = "error";

  /**
   * Task seconds, on the last row of each work unit; summed per slide on the driver, not written.
   */
  static final String SECONDS = "seconds";

  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SLIDE_ID, DataTypes.StringType, false),
            DataTypes.createStructField("level", DataTypes.IntegerType, false),
            DataTypes.createStructField("x", DataTypes.IntegerType, false),
            DataTypes.createStructField("y", DataTypes.IntegerType, false),
            DataTypes.createStructField("width", DataTypes.IntegerType, false),
            DataTypes.createStructField("height", DataTypes.IntegerType, false),
            DataTypes.createStructField("mask", DataTypes.BinaryType, true),
            DataTypes.createStructField(
                "class_pixels", DataTypes.createArrayType(DataTypes.LongType, false), true),
            DataTypes.createStructField("run_id", DataTypes.StringType, false),
            DataTypes.createStructField(ERROR, DataTypes.StringType, true),
            DataTypes.createStructField(SECONDS, DataTypes.DoubleType, true),
          });

  /**
   * Columns of the Parquet tiles: not the error and seconds; slide_id last, as partition column.
   */
  static final List<String> OUTPUT_COLUMNS =
      List.of("level", "x", "y", "width", "height", "mask", "class_pixels", "run_id", SLIDE_ID);

  /**
   * The schema of the Parquet tiles, given when reading them back: inferred partition types would
   * turn numeric slide ids ({@code slide_id=20}) into integers.
   */
  static final StructType OUTPUT_SCHEMA =
      new StructType(OUTPUT_COLUMNS.stream().map(c -> SCHEMA.apply(c)).toArray(StructField[]::new));

  private TileRows() {}
}
