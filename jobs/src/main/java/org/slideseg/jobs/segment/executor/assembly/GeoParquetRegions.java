package org.slideseg.jobs.segment.executor.assembly;

import java.io.Closeable;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupWriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.io.WKBWriter;

/**
 * One slide's regions as a GeoParquet 1.1 file for the lake: one row per polygon with its class,
 * areas, bounding box and WKB geometry, in level-0 slide pixels. The file's {@code geo} metadata
 * says so (no CRS: pixels are not places on Earth) and names the bounding-box column as the
 * geometry's covering, so Sedona and DuckDB's spatial extension read the column as geometry and can
 * skip row groups by box. The slide id is the partition directory's, as in the tiles table. The
 * metadata goes into the footer when the file is closed, with the bounding box of all rows. Not
 * thread-safe.
 */
final class GeoParquetRegions implements Closeable {
  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message region {"
              + " required binary class (STRING);"
              + " required int32 label;"
              + " required double area;"
              + " optional double area_um2;"
              + " required group bbox {"
              + "  required double xmin; required double ymin;"
              + "  required double xmax; required double ymax; }"
              + " required binary geometry; }");

  private final ParquetWriter<Group> writer;
  private final SimpleGroupFactory rows = new SimpleGroupFactory(SCHEMA);
  private final WKBWriter wkb = new WKBWriter();
  private final AffineTransformation toLevel0;
  private final double mpp;
  private final Envelope all = new Envelope();

  /** Example groups, plus the {@code geo} footer entry, made when the file is finished. */
  private final class GeoWriteSupport extends GroupWriteSupport {
    @Override
    public FinalizedWriteContext finalizeWrite() {
      return new FinalizedWriteContext(Map.of("geo", geo()));
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Group, Builder> {
    private final GroupWriteSupport support;

    Builder(java.nio.file.Path file, GroupWriteSupport support) {
      super(new LocalOutputFile(file));
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Group> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /**
   * @param file a local file, replaced; written directly, not through Hadoop's local file system,
   *     which would also write a checksum file beside it
   * @param downsample of the level the regions' coordinates are in
   * @param mpp microns per pixel of that level; NaN when unknown
   */
  GeoParquetRegions(java.nio.file.Path file, double downsample, double mpp, Configuration conf)
      throws IOException {
    Configuration withSchema = new Configuration(conf);
    GroupWriteSupport.setSchema(SCHEMA, withSchema);
    this.writer =
        new Builder(file, new GeoWriteSupport())
            .withConf(withSchema)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build();
    this.toLevel0 = AffineTransformation.scaleInstance(downsample, downsample);
    this.mpp = mpp;
  }

  /** One region of class {@code name} ({@code label}), in pixels of the segmented level. */
  void add(Geometry region, int label, String name) throws IOException {
    Geometry level0 = toLevel0.transform(region);
    Envelope box = level0.getEnvelopeInternal();
    all.expandToInclude(box);
    Group row = rows.newGroup();
    row.add("class", name);
    row.add("label", label);
    row.add("area", level0.getArea());
    if (!Double.isNaN(mpp)) {
      row.add("area_um2", region.getArea() * mpp * mpp);
    }
    row.addGroup("bbox")
        .append("xmin", box.getMinX())
        .append("ymin", box.getMinY())
        .append("xmax", box.getMaxX())
        .append("ymax", box.getMaxY());
    row.add("geometry", Binary.fromConstantByteArray(wkb.write(level0)));
    writer.write(row);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** GeoParquet 1.1's file metadata for the one geometry column. */
  private String geo() {
    String bbox =
        all.isNull()
            ? "[]"
            : String.format(
                Locale.ROOT,
                "[%s, %s, %s, %s]",
                all.getMinX(),
                all.getMinY(),
                all.getMaxX(),
                all.getMaxY());
    return "{\"version\": \"1.1.0\", \"primary_column\": \"geometry\", \"columns\": {\"geometry\":"
        + " {\"encoding\": \"WKB\", \"geometry_types\": [\"Polygon\"], \"crs\": null,"
        + " \"bbox\": "
        + bbox
        + ", \"covering\": {\"bbox\": {\"xmin\": [\"bbox\", \"xmin\"], \"ymin\": [\"bbox\","
        + " \"ymin\"], \"xmax\": [\"bbox\", \"xmax\"], \"ymax\": [\"bbox\", \"ymax\"]}}}}}";
  }
}
