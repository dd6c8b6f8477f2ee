package org.slideseg.jobs.segment.outputs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slideseg.jobs.segment.records.TileRows;
import scala.Option;

/**
 * The {@code tiles/} table: a row per window of every slide, partitioned by slide. Its columns are
 * the segment tasks' rows ({@link TileRows}) without what only the run needs (error, seconds,
 * device). Written once per run with Spark's committer; read back by the assemble step.
 */
public final class TilesTable {
  /** The table's columns; slide_id last, as the partition. */
  public static final List<String> COLUMNS =
      List.of(
          TileRows.LEVEL,
          TileRows.X,
          TileRows.Y,
          TileRows.WIDTH,
          TileRows.HEIGHT,
          TileRows.MASK,
          TileRows.CLASS_PIXELS,
          TileRows.PROBABILITIES,
          TileRows.RUN_ID,
          TileRows.SLIDE_ID);

  /** The schema, given when reading the table back so that partition values are never inferred. */
  public static final StructType SCHEMA =
      new StructType(COLUMNS.stream().map(TileRows.SCHEMA::apply).toArray(StructField[]::new));

  /** Tile PNG bytes per file: HDFS's block size. */
  public static final long FILE_BYTES = 128L << 20;

  /**
   * Row groups: a writer holds one in memory, so not Parquet's 128 MB; readers that split files by
   * row group get more to share out.
   */
  private static final long ROW_GROUP_BYTES = 16L << 20;

  /** Rows per batch when reading back (see {@link #read}). */
  private static final int READ_BATCH = 64;

  public static final String READER_BATCH = "spark.sql.parquet.columnarReaderBatchSize";

  private final OutputLayout layout;

  public TilesTable(OutputLayout layout) {
    this.layout = layout;
  }

  /**
   * How many files a write makes: about one per {@link #FILE_BYTES} of tile PNGs, at least one per
   * task slot (while there are as many segment tasks) so that every core writes, at most one per
   * segment task. One file per segment task (64 windows) made thousands of files of 1 MB or less
   * per large slide, each with its own writer and commit rename (a copy on S3).
   */
  public static int files(long bytes, int slots, int segmentTasks) {
    long bySize = (bytes + FILE_BYTES - 1) / FILE_BYTES;
    return (int) Math.max(1, Math.min(segmentTasks, Math.max(slots, bySize)));
  }

  /**
   * Writes the tile rows of every slide but {@code failed} (ids) into {@code files} files,
   * replacing only those slides' partitions; error rows are left out.
   */
  public void write(SparkSession spark, JavaRDD<Row> rows, int files, Collection<String> failed)
      throws IOException {
    TableWrites.naming(
        layout.tiles(),
        () ->
            spark
                .createDataFrame(rows.coalesce(files), TileRows.SCHEMA)
                .where(col(TileRows.ERROR).isNull())
                .where(not(col(TileRows.SLIDE_ID).isin(failed.toArray())))
                .selectExpr(COLUMNS.toArray(String[]::new))
                .write()
                .mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic")
                .option("parquet.block.size", ROW_GROUP_BYTES)
                .partitionBy(TileRows.SLIDE_ID)
                .parquet(layout.tiles().toString()));
  }

  /**
   * Run {@code runId}'s tiles of these slides, read back in batches of {@link #READ_BATCH} rows:
   * Parquet's vectorized reader takes 4096 rows at a time by default, and 4096 tile PNGs are tens
   * of MB in one array (a 32768^2 slide failed so with -Xmx512m).
   */
  public JavaRDD<TileRows.Tile> read(SparkSession spark, String runId, Collection<String> slides) {
    return withReaderBatch(
            spark,
            () ->
                spark
                    .read()
                    .schema(SCHEMA)
                    .parquet(layout.tiles().toString())
                    .where(col(TileRows.RUN_ID).equalTo(runId))
                    .where(col(TileRows.SLIDE_ID).isin(slides.toArray()))
                    .javaRDD())
        .map(TileRows.Tile::of);
  }

  /**
   * Plans {@code scan} with Parquet's reader taking {@link #READ_BATCH} rows at a time, and leaves
   * the session's setting as it was. Set in this session only while the scan is planned, which is
   * when the reader takes it: a new session would lose the settings (S3 ones among them) given to
   * this one at run time.
   */
  public static <T> T withReaderBatch(SparkSession spark, Supplier<T> scan) {
    Option<String> before = spark.conf().getAll().get(READER_BATCH); // set, not a default
    spark.conf().set(READER_BATCH, READ_BATCH);
    try {
      return scan.get();
    } finally {
      if (before.isDefined()) {
        spark.conf().set(READER_BATCH, before.get());
      } else {
        spark.conf().unset(READER_BATCH);
      }
    }
  }
}
