package org.slideseg.jobs.segment.outputs;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slideseg.jobs.segment.records.RowCodec;
import org.slideseg.jobs.segment.records.TileRows;

/**
 * The {@code slides/} table: a row per slide in the output ({@link SlideRow}), whichever run wrote
 * it, partitioned by slide. Its columns are made and read by name.
 */
public final class SlidesTable {
  static final String SLIDE_ID = TileRows.SLIDE_ID;
  static final String URI = "uri";
  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String LEVEL = "level";
  static final String DOWNSAMPLE = "downsample";
  static final String MPP = "mpp";
  static final String MODEL = "model";
  static final String TILES_TOTAL = "tiles_total";
  static final String TILES_SKIPPED = "tiles_skipped";
  static final String CLASS_PIXELS = "class_pixels";
  static final String CLASS_FRACTION = "class_fraction";
  static final String SECONDS = "seconds";
  static final String STATUS = "status";
  static final String ERROR = "error";
  static final String MASK_URI = "mask_uri";
  static final String LABELS_URI = "labels_uri";
  static final String RUN_ID = "run_id";
  static final String DEVICES = "devices";
  static final String CLASS_AREA_UM2 = "class_area_um2";
  static final String CLASS_REGIONS = "class_regions";
  static final String PROBABILITY_URIS = "probability_uris";

  /**
   * The columns, as in a CREATE TABLE; arrays hold no nulls. The last three came later: last, so
   * that tables written before them still line up column by column.
   */
  static final StructType SCHEMA =
      withoutNullElements(
          StructType.fromDDL(
              """
              slide_id STRING NOT NULL, uri STRING NOT NULL, width INT, height INT, level INT,
              downsample DOUBLE, mpp DOUBLE, model STRING NOT NULL, tiles_total INT NOT NULL,
              tiles_skipped INT NOT NULL, class_pixels ARRAY<BIGINT>, class_fraction ARRAY<DOUBLE>,
              seconds DOUBLE NOT NULL, status STRING NOT NULL, error STRING, mask_uri STRING,
              run_id STRING NOT NULL, devices ARRAY<STRING> NOT NULL,
              class_area_um2 ARRAY<DOUBLE>, class_regions ARRAY<BIGINT>,
              probability_uris ARRAY<STRING>, labels_uri STRING"""));

  private static final RowCodec CODEC = new RowCodec(SCHEMA);

  private final OutputLayout layout;

  public SlidesTable(OutputLayout layout) {
    this.layout = layout;
  }

  private static StructType withoutNullElements(StructType ddl) {
    return new StructType(
        Arrays.stream(ddl.fields())
            .map(
                f ->
                    f.dataType() instanceof ArrayType array
                        ? DataTypes.createStructField(
                            f.name(),
                            DataTypes.createArrayType(array.elementType(), false),
                            f.nullable())
                        : f)
            .toArray(StructField[]::new));
  }

  /**
   * Replaces the rows of these slides, one partition per slide, and keeps every other slide's: the
   * table describes every slide in the output, whichever run wrote it.
   */
  public void write(SparkSession spark, List<SlideRow> slides) throws IOException {
    List<Row> rows = slides.stream().map(SlidesTable::row).toList();
    TableWrites.naming(
        layout.slides(),
        () ->
            spark
                .createDataFrame(rows, SCHEMA)
                .repartition(col(SLIDE_ID))
                .write()
                .mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(SLIDE_ID)
                .parquet(layout.slides().toString()));
  }

  /** Every slide's row, as written. */
  public List<SlideRow> read(SparkSession spark) {
    return spark.read().schema(SCHEMA).parquet(layout.slides().toString()).collectAsList().stream()
        .map(SlidesTable::slideRow)
        .toList();
  }

  static Row row(SlideRow s) {
    SlideRow.Level level = s.level();
    SlideRow.Classes classes = s.classes();
    return CODEC
        .builder()
        .set(SLIDE_ID, s.slideId())
        .set(URI, s.uri())
        .set(WIDTH, level == null ? null : level.width())
        .set(HEIGHT, level == null ? null : level.height())
        .set(LEVEL, level == null ? null : level.index())
        .set(DOWNSAMPLE, level == null ? null : level.downsample())
        .set(MPP, s.mpp())
        .set(MODEL, s.model())
        .set(TILES_TOTAL, s.tilesTotal())
        .set(TILES_SKIPPED, s.tilesSkipped())
        .set(CLASS_PIXELS, classes == null ? null : boxed(classes.pixels()))
        .set(CLASS_FRACTION, classes == null ? null : boxed(classes.fractions()))
        .set(SECONDS, s.seconds())
        .set(STATUS, s.status())
        .set(ERROR, s.error())
        .set(MASK_URI, s.maskUri())
        .set(LABELS_URI, s.labelsUri())
        .set(RUN_ID, s.runId())
        .set(DEVICES, s.devices().toArray(String[]::new))
        .set(
            CLASS_AREA_UM2,
            classes == null || s.mpp() == null ? null : boxed(classes.areasUm2(s.mpp())))
        .set(CLASS_REGIONS, classes == null ? null : boxed(classes.regions()))
        .set(
            PROBABILITY_URIS,
            s.probabilityUris() == null ? null : s.probabilityUris().toArray(String[]::new))
        .build();
  }

  static SlideRow slideRow(Row r) {
    Integer width = CODEC.get(r, WIDTH);
    List<Long> pixels = list(r, CLASS_PIXELS);
    List<Long> regions = list(r, CLASS_REGIONS);
    return new SlideRow(
        CODEC.get(r, SLIDE_ID),
        CODEC.get(r, URI),
        width == null
            ? null
            : new SlideRow.Level(
                width, CODEC.get(r, HEIGHT), CODEC.get(r, LEVEL), CODEC.get(r, DOWNSAMPLE)),
        CODEC.get(r, MPP),
        CODEC.get(r, MODEL),
        CODEC.get(r, TILES_TOTAL),
        CODEC.get(r, TILES_SKIPPED),
        pixels == null ? null : new SlideRow.Classes(unboxed(pixels), unboxed(regions)),
        CODEC.get(r, SECONDS),
        CODEC.get(r, ERROR),
        CODEC.get(r, MASK_URI),
        CODEC.get(r, LABELS_URI),
        list(r, PROBABILITY_URIS),
        CODEC.get(r, RUN_ID),
        list(r, DEVICES));
  }

  private static <T> List<T> list(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : r.getList(i);
  }

  private static Long[] boxed(long[] values) {
    return values == null ? null : LongStream.of(values).boxed().toArray(Long[]::new);
  }

  private static Double[] boxed(double[] values) {
    return DoubleStream.of(values).boxed().toArray(Double[]::new);
  }

  private static long[] unboxed(List<Long> values) {
    return values == null ? null : values.stream().mapToLong(Long::longValue).toArray();
  }
}
