package org.slideseg.common.mask;

import static org.slideseg.common.json.JsonMaps.inOrder;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slideseg.common.model.ModelSpec;

/**
 * The files of a mask as an OME-NGFF 0.4 label image on Zarr v2, inside a container of its own
 * ({@code <id>.ome.zarr}): {@code labels/<name>/<level>/<row>/<column>} chunks, one per tile of the
 * mask pyramid ({@link TilePyramid}'s tiles are Zarr's chunks as they are: full-size, zero-padded,
 * zlib), and the JSON that describes them. Immutable.
 *
 * @param name the label image's name, safe as a path segment
 * @param mpp microns per pixel of level 0, NaN when unknown (the scales are then in pixels)
 */
public record OmeZarrLabels(
    String name, int width, int height, int tileSize, double mpp, ModelSpec spec) {
  /**
   * The label image's multiscales, in its folder: written last, so that where it is, the image is
   * complete.
   */
  public static final String MULTISCALES = ".zattrs";

  private static final String NGFF = "0.4";
  // Nulls kept: Zarr wants "filters": null. Keys in the order given, the same bytes on every run.
  private static final Gson GSON = new GsonBuilder().serializeNulls().create();

  public OmeZarrLabels {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("label name \"" + name + "\" is not a safe path segment");
    }
  }

  /** The label image named after the model: characters unsafe in a path become '-'. */
  public static OmeZarrLabels of(ModelSpec spec, int width, int height, int tileSize, double mpp) {
    String name = spec.name().replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[._-]+", "");
    return new OmeZarrLabels(name.isEmpty() ? "mask" : name, width, height, tileSize, mpp, spec);
  }

  /** The label image's folder, relative to the container. */
  public String image() {
    return "labels/" + name;
  }

  /** A chunk's file, relative to the container: a tile of the mask pyramid. */
  public String chunk(int level, int column, int row) {
    return image() + "/" + level + "/" + row + "/" + column;
  }

  /**
   * Every metadata file, relative to the container, in the order to write them: the label image's
   * multiscales ({@link #MULTISCALES}) last, so that a reader finds it only once everything else is
   * there.
   */
  public Map<String, byte[]> metadata() {
    Map<String, Object> group = inOrder("zarr_format", 2);
    Map<String, byte[]> files = new LinkedHashMap<>();
    List<int[]> sizes = TilePyramid.levelSizes(width, height, tileSize);
    for (int level = 0; level < sizes.size(); level++) {
      files.put(image() + "/" + level + "/.zarray", json(array(sizes.get(level))));
    }
    files.put(".zgroup", json(group));
    files.put("labels/.zgroup", json(group));
    files.put("labels/.zattrs", json(inOrder("labels", List.of(name))));
    files.put(image() + "/.zgroup", json(group));
    files.put(image() + "/" + MULTISCALES, json(imageAttributes(sizes.size())));
    return files;
  }

  private Map<String, Object> array(int[] size) {
    return inOrder(
        "zarr_format",
        2,
        "shape",
        List.of(size[1], size[0]),
        "chunks",
        List.of(tileSize, tileSize),
        "dtype",
        "|u1",
        "compressor",
        inOrder("id", "zlib", "level", 1),
        "fill_value",
        0,
        "order",
        "C",
        "filters",
        null,
        "dimension_separator",
        "/");
  }

  private Map<String, Object> imageAttributes(int levels) {
    List<Object> datasets = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      double scale = (Double.isNaN(mpp) ? 1 : mpp) * (1L << level);
      datasets.add(
          inOrder(
              "path",
              Integer.toString(level),
              "coordinateTransformations",
              List.of(inOrder("type", "scale", "scale", List.of(scale, scale)))));
    }
    // Each level keeps the top-left label of every 2 x 2 of the level below: labels never blend.
    Map<String, Object> multiscale =
        inOrder(
            "version", NGFF,
            "name", name,
            "axes", List.of(axis("y"), axis("x")),
            "datasets", datasets,
            "type", "nearest");
    return inOrder("multiscales", List.of(multiscale), "image-label", imageLabel());
  }

  private Map<String, Object> axis(String axisName) {
    return Double.isNaN(mpp)
        ? inOrder("name", axisName, "type", "space")
        : inOrder("name", axisName, "type", "space", "unit", "micrometer");
  }

  /** The model's classes: their palette colours and names, by label value. */
  private Map<String, Object> imageLabel() {
    List<Object> colors = new ArrayList<>();
    List<Object> properties = new ArrayList<>();
    for (int label = 0; label < spec.classes().size(); label++) {
      int[] rgba = spec.rgba(label);
      colors.add(
          inOrder("label-value", label, "rgba", List.of(rgba[0], rgba[1], rgba[2], rgba[3])));
      properties.add(inOrder("label-value", label, "class", spec.classes().get(label)));
    }
    return inOrder("version", NGFF, "colors", colors, "properties", properties);
  }

  private static byte[] json(Object value) {
    return GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
  }
}
