package org.slideseg.jobs.segment;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
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
            field(SLIDE_ID, DataTypes.StringType, false),
            field("level", DataTypes.IntegerType, false),
            field("x", DataTypes.IntegerType, false),
            field("y", DataTypes.IntegerType, false),
            field("width", DataTypes.IntegerType, false),
            field("height", DataTypes.IntegerType, false),
            field("mask", DataTypes.BinaryType, true),
            field("class_pixels", DataTypes.createArrayType(DataTypes.LongType, false), true),
            field("run_id", DataTypes.StringType, false),
            field(ERROR, DataTypes.StringType, true),
            field(SECONDS, DataTypes.DoubleType, true),
          });

  /**
   * Columns of the Parquet tiles: not the error and seconds; slide_id last, as partition column.
   */
  static final List<String> OUTPUT_COLUMNS =
      List.of("level", "x", "y", "width", "height", "mask", "class_pixels", "run_id", SLIDE_ID);

  private TileRows() {}

  private static StructField field(
      String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
