package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBReader;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * --polygons on a real run: a model that thresholds its input (the no-op network with a chosen
 * head) segments a slide with a ring drawn across many windows and mask blocks, and a small disc
 * inside one block.
 */
class PolygonsTest {
  private static final int W = 1300;
  private static final int H = 1000;
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");

  private static Path out;
  private static Row slide;
  private static List<JsonObject> features;

  @BeforeAll
  static void segmentWithPolygons() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    var g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillOval(650 - 400, 500 - 400, 800, 800);
    g.fillOval(60, 60, 80, 80);
    g.setColor(Color.BLACK);
    g.fillOval(650 - 180, 500 - 180, 360, 360);
    g.dispose();
    ImageIO.write(image, "png", in.resolve("ring.png").toFile());
    out = dir.resolve("out");
    // class 1 where the normalised input is above 0: a threshold at gray 128
    TestSlides.linearHeadModel(
        dir.resolve("model"), new double[][] {{0}, {1}}, new double[] {0, 0}, json -> json);
    assertThat(run().failures()).isEmpty();
    slide = SPARK.session().read().parquet(out.resolve("slides").toString()).first();
    String id = slide.getAs("slide_id");
    features = new ArrayList<>();
    JsonObject collection =
        JsonParser.parseString(Files.readString(out.resolve("masks/" + id + ".geojson")))
            .getAsJsonObject();
    assertThat(collection.get("type").getAsString()).isEqualTo("FeatureCollection");
    collection.getAsJsonArray("features").forEach(f -> features.add(f.getAsJsonObject()));
  }

  /** Per class, the polygons' area is the class's pixel count, and the slides table counts them. */
  @Test
  void polygonsCoverTheirClassesPixelsExactly() {
    List<Long> pixels = slide.getList(slide.fieldIndex("class_pixels"));
    List<Long> regions = slide.getList(slide.fieldIndex("class_regions"));
    assertThat(regions).containsExactly(2L, 2L);
    for (int c = 0; c < 2; c++) {
      String name = c == 0 ? "cell" : "membrane";
      double area =
          features.stream()
              .filter(f -> className(f).equals(name))
              .mapToDouble(f -> polygon(f).getArea())
              .sum();
      assertThat(area).as(name).isEqualTo((double) pixels.get(c));
    }
  }

  /** The ring crosses windows and blocks, yet comes back as one polygon with its hole. */
  @Test
  void aRegionAcrossManyTilesIsOnePolygonWithItsHole() {
    List<Polygon> white =
        features.stream()
            .filter(f -> className(f).equals("membrane"))
            .map(PolygonsTest::polygon)
            .sorted((a, b) -> Double.compare(b.getArea(), a.getArea()))
            .toList();
    Polygon ring = white.get(0);
    assertThat(ring.getNumInteriorRing()).isEqualTo(1);
    assertThat(ring.getEnvelopeInternal().getWidth()).isBetween(795.0, 805.0);
    assertThat(ring.getInteriorRingN(0).getEnvelopeInternal().getWidth()).isBetween(355.0, 365.0);
    assertThat(ring.isValid()).isTrue();
    Polygon disc = white.get(1);
    assertThat(disc.getNumInteriorRing()).isZero();
    assertThat(disc.getEnvelopeInternal().getMinX()).isBetween(59.0, 61.0);
  }

  /** What QuPath reads: objectType, a classification with name and colour, measurements. */
  @Test
  void featuresCarryWhatQuPathImports() {
    JsonObject f = features.get(0);
    assertThat(f.get("type").getAsString()).isEqualTo("Feature");
    assertThat(f.getAsJsonObject("geometry").get("type").getAsString()).isEqualTo("Polygon");
    JsonObject properties = f.getAsJsonObject("properties");
    assertThat(properties.get("objectType").getAsString()).isEqualTo("detection");
    JsonObject classification = properties.getAsJsonObject("classification");
    assertThat(classification.get("name").getAsString()).isIn("cell", "membrane");
    assertThat(classification.getAsJsonArray("color")).hasSize(3);
    assertThat(properties.getAsJsonObject("measurements").get("Area px").getAsDouble())
        .isEqualTo(polygon(f).getArea());
    JsonObject membrane =
        features.stream().filter(x -> className(x).equals("membrane")).findFirst().orElseThrow();
    assertThat(membrane.getAsJsonObject("properties").getAsJsonObject("classification"))
        .hasToString("{\"name\":\"membrane\",\"color\":[255,32,32]}");
  }

  /** The lake's table: one row per region, the same polygons, and GeoParquet 1.1's footer. */
  @Test
  void geoParquetHoldsTheSameRegionsAndSaysWhichColumnIsGeometry() throws Exception {
    List<Row> rows =
        SPARK.session().read().parquet(out.resolve("polygons").toString()).collectAsList();
    assertThat(rows).hasSize(features.size());
    WKBReader wkb = new WKBReader();
    List<Double> fromParquet = new ArrayList<>();
    for (Row r : rows) {
      assertThat(r.<String>getAs("slide_id")).isEqualTo(slide.<String>getAs("slide_id"));
      Geometry g = wkb.read(r.<byte[]>getAs("geometry"));
      assertThat(r.<Double>getAs("area")).isEqualTo(g.getArea());
      Row box = r.getAs("bbox");
      assertThat(box.<Double>getAs("xmin")).isEqualTo(g.getEnvelopeInternal().getMinX());
      assertThat(box.<Double>getAs("ymax")).isEqualTo(g.getEnvelopeInternal().getMaxY());
      assertThat(r.<String>getAs("class")).isIn("cell", "membrane");
      fromParquet.add(g.getArea());
    }
    assertThat(fromParquet)
        .containsExactlyInAnyOrderElementsOf(
            features.stream().map(f -> polygon(f).getArea()).toList());

    Path file;
    try (var parts = Files.walk(out.resolve("polygons"))) {
      file = parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    String geo;
    try (var reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()),
                new org.apache.hadoop.conf.Configuration()))) {
      geo = reader.getFooter().getFileMetaData().getKeyValueMetaData().get("geo");
    }
    JsonObject meta = JsonParser.parseString(geo).getAsJsonObject();
    assertThat(meta.get("version").getAsString()).isEqualTo("1.1.0");
    assertThat(meta.get("primary_column").getAsString()).isEqualTo("geometry");
    JsonObject column = meta.getAsJsonObject("columns").getAsJsonObject("geometry");
    assertThat(column.get("encoding").getAsString()).isEqualTo("WKB");
    assertThat(column.has("crs") && column.get("crs").isJsonNull()).isTrue();
    assertThat(column.getAsJsonArray("bbox")).hasSize(4);
    assertThat(column.getAsJsonObject("covering").getAsJsonObject("bbox").get("xmin"))
        .hasToString("[\"bbox\",\"xmin\"]");
  }

  /**
   * A re-run reuses the slide, its regions counted as before; a file of the user's in polygons/
   * makes a run refuse the output and is left as it was.
   */
  @Test
  void reRunsReuseRegionsAndTheUsersFilesAreNeverTouched() throws Exception {
    RunSummary again = run();
    assertThat(again.table(10)).contains("OK reused");
    Row reused = SPARK.session().read().parquet(out.resolve("slides").toString()).first();
    assertThat(reused.getList(reused.fieldIndex("class_regions"))).containsExactly(2L, 2L);

    Path mine = Files.writeString(out.resolve("polygons/my-notes.txt"), "mine");
    assertThatThrownBy(PolygonsTest::run)
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("polygons/my-notes.txt")
        .hasMessageContaining("did not write");
    assertThat(Files.readString(mine)).isEqualTo("mine");
    Files.delete(mine);
  }

  /**
   * --simplify: the regions of all classes still tile the slide (their areas sum to it and none
   * overlap), with far fewer vertices, and the ring keeps its hole.
   */
  @Test
  void simplifiedRegionsStillTileTheSlide() throws Exception {
    Path simple = dir.resolve("simple");
    assertThat(run(simple, "--simplify", "2").failures()).isEmpty();
    String id = slide.getAs("slide_id");
    List<JsonObject> simplified = new ArrayList<>();
    JsonParser.parseString(Files.readString(simple.resolve("masks/" + id + ".geojson")))
        .getAsJsonObject()
        .getAsJsonArray("features")
        .forEach(f -> simplified.add(f.getAsJsonObject()));
    List<Polygon> polygons = simplified.stream().map(PolygonsTest::polygon).toList();
    double area = polygons.stream().mapToDouble(Polygon::getArea).sum();
    assertThat(area).as("areas sum to the slide").isCloseTo(W * H, within(1e-6));
    Geometry union = GEOMETRY.buildGeometry(polygons).union();
    assertThat(union.getArea()).as("no overlaps").isCloseTo(W * H, within(1e-6));
    int vertices = polygons.stream().mapToInt(Polygon::getNumPoints).sum();
    int exact = features.stream().map(PolygonsTest::polygon).mapToInt(Polygon::getNumPoints).sum();
    assertThat(vertices).isLessThan(exact / 2);
    Polygon ring =
        simplified.stream()
            .filter(f -> className(f).equals("membrane"))
            .map(PolygonsTest::polygon)
            .max((a, b) -> Double.compare(a.getArea(), b.getArea()))
            .orElseThrow();
    assertThat(ring.getNumInteriorRing()).isEqualTo(1);
    assertThat(ring.isValid()).isTrue();
  }

  private static RunSummary run() throws Exception {
    return run(out);
  }

  private static RunSummary run(Path output, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--polygons"));
    args.addAll(List.of(more));
    return TestJob.run(
        SPARK.session(),
        dir.resolve("in").toString(),
        dir.resolve("model"),
        output,
        args.toArray(String[]::new));
  }

  private static String className(JsonObject feature) {
    return feature
        .getAsJsonObject("properties")
        .getAsJsonObject("classification")
        .get("name")
        .getAsString();
  }

  private static Polygon polygon(JsonObject feature) {
    JsonArray rings = feature.getAsJsonObject("geometry").getAsJsonArray("coordinates");
    List<LinearRing> parsed = new ArrayList<>();
    for (JsonElement ring : rings) {
      List<Coordinate> points = new ArrayList<>();
      for (JsonElement p : ring.getAsJsonArray()) {
        points.add(
            new Coordinate(
                p.getAsJsonArray().get(0).getAsDouble(), p.getAsJsonArray().get(1).getAsDouble()));
      }
      parsed.add(GEOMETRY.createLinearRing(points.toArray(Coordinate[]::new)));
    }
    return GEOMETRY.createPolygon(
        parsed.get(0), parsed.subList(1, parsed.size()).toArray(LinearRing[]::new));
  }
}
