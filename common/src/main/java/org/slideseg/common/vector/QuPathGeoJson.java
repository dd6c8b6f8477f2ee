package org.slideseg.common.vector;

import com.google.gson.stream.JsonWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Regions as a GeoJSON FeatureCollection that QuPath imports ({@code File > Import objects}), one
 * feature per polygon, written as they come. Each feature has QuPath's {@code objectType}, a {@code
 * classification} with the class name and colour, and measurements: its area in level-0 pixels and,
 * where the pixel size is known, in µm². Coordinates are level-0 slide pixels. Not thread-safe.
 */
public final class QuPathGeoJson implements Closeable {
  private final JsonWriter json;
  private final double downsample;
  private final double mpp;

  /**
   * @param downsample of the level the polygons' coordinates are in, relative to level 0
   * @param mpp microns per pixel of that level; NaN when unknown
   */
  public QuPathGeoJson(OutputStream out, double downsample, double mpp) throws IOException {
    this.json = new JsonWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    this.downsample = downsample;
    this.mpp = mpp;
    json.beginObject().name("type").value("FeatureCollection").name("features").beginArray();
  }

  /** One region of class {@code name}, coloured {@code rgb} (0xRRGGBB). */
  public void add(Polygon region, String name, int rgb) throws IOException {
    json.beginObject().name("type").value("Feature");
    json.name("geometry").beginObject().name("type").value("Polygon").name("coordinates");
    json.beginArray();
    ring(region.getExteriorRing());
    for (int i = 0; i < region.getNumInteriorRing(); i++) {
      ring(region.getInteriorRingN(i));
    }
    json.endArray().endObject();
    json.name("properties").beginObject().name("objectType").value("detection");
    json.name("classification").beginObject().name("name").value(name).name("color").beginArray();
    json.value(rgb >> 16 & 0xff).value(rgb >> 8 & 0xff).value(rgb & 0xff).endArray().endObject();
    double area = region.getArea();
    json.name("measurements").beginObject().name("Area px").value(area * downsample * downsample);
    if (!Double.isNaN(mpp)) {
      json.name("Area µm^2").value(area * mpp * mpp);
    }
    json.endObject().endObject().endObject();
  }

  private void ring(LineString ring) throws IOException {
    json.beginArray();
    for (Coordinate c : ring.getCoordinates()) {
      json.beginArray().value(c.x * downsample).value(c.y * downsample).endArray();
    }
    json.endArray();
  }

  @Override
  public void close() throws IOException {
    json.endArray().endObject();
    json.close();
  }
}
