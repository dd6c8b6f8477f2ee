package org.slideseg.common.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slideseg.common.tiling.WindowGeometry;
import org.slideseg.common.unet.Architecture;

/**
 * A model's {@code model.json}: what the weights are, the window they run on, how pixels are
 * normalised and how outputs become labels. Parsing rejects unknown fields and inconsistent values
 * with a message that names the field, so a bad spec fails before any cluster time is spent.
 *
 * <p>Geometry fields: {@code inputTile}, {@code outputTile}, optional {@code halo} (pixels cropped
 * from each side of a same-padded model's output, default 0) and optional {@code pooling} (the
 * network's total downsampling factor, 16 for four 2 x 2 pools, default 1); see {@link
 * WindowGeometry}.
 *
 * <p>Formats: {@code torchscript} (the file is a TorchScript module) or {@code npz} (the file holds
 * the weights of the network that the {@code architecture} object names, built in Java; see {@link
 * Architecture}).
 *
 * @param architecture the network built in Java; null for TorchScript, which carries its own
 * @param colors one {@code #RRGGBB} or {@code #RRGGBBAA} per class, used for the preview overlay
 * @param mpp microns per pixel the model was trained at, or NaN when not given
 */
public record ModelSpec(
    String name,
    String format,
    String file,
    Architecture architecture,
    int inputChannels,
    WindowGeometry geometry,
    Normalization normalize,
    Activation activation,
    List<String> classes,
    List<String> colors,
    double mpp)
    implements java.io.Serializable {

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "format",
          "file",
          "architecture",
          "inputChannels",
          "inputTile",
          "outputTile",
          "halo",
          "pooling",
          "normalize",
          "activation",
          "classes",
          "colors",
          "mpp");
  public static final String TORCHSCRIPT = "torchscript";
  public static final String NPZ = "npz";
  private static final Set<String> FORMATS = Set.of(TORCHSCRIPT, NPZ);
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?");

  public ModelSpec {
    classes = List.copyOf(classes);
    colors = List.copyOf(colors);
  }

  /**
   * Parses and validates a spec.
   *
   * @param source where the JSON came from, for error messages
   * @throws IllegalArgumentException naming the source and the offending field
   */
  public static ModelSpec parse(String json, String source) {
    try {
      return fromJson(JsonParser.parseString(json).getAsJsonObject());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(source + ": not a JSON object: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static ModelSpec fromJson(JsonObject o) {
    for (String key : o.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown field \"" + key + "\"; known fields: " + FIELDS);
      }
    }
    String format = string(o, "format");
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("format \"" + format + "\" is not one of " + FORMATS);
    }
    int channels = integer(o, "inputChannels");
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "inputChannels " + channels + " must be 1 (gray) or 3 (RGB)");
    }
    WindowGeometry geometry = geometry(o);
    Architecture architecture = architecture(o, format, geometry);
    Normalization normalize = normalization(o, channels);
    Activation activation = activation(o);
    List<String> classes = strings(o, "classes");
    List<String> colors = strings(o, "colors");
    checkClasses(activation, classes, colors);
    double mpp = o.has("mpp") && !o.get("mpp").isJsonNull() ? number(o, "mpp") : Double.NaN;
    if (!Double.isNaN(mpp) && !(mpp > 0)) {
      throw new IllegalArgumentException("mpp " + mpp + " must be positive or null");
    }
    return new ModelSpec(
        string(o, "name"),
        format,
        string(o, "file"),
        architecture,
        channels,
        geometry,
        normalize,
        activation,
        classes,
        colors,
        mpp);
  }

  private static WindowGeometry geometry(JsonObject o) {
    int halo = o.has("halo") ? integer(o, "halo") : 0;
    int pooling = o.has("pooling") ? integer(o, "pooling") : 1;
    try {
      return new WindowGeometry(integer(o, "inputTile"), integer(o, "outputTile"), halo, pooling);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("inputTile/outputTile/halo/pooling: " + e.getMessage(), e);
    }
  }

  private static Architecture architecture(JsonObject o, String format, WindowGeometry geometry) {
    if (TORCHSCRIPT.equals(format)) {
      if (o.has("architecture")) {
        throw new IllegalArgumentException(
            "field \"architecture\" applies to format npz; a TorchScript file carries its network");
      }
      return null;
    }
    JsonElement e = field(o, "architecture");
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("field \"architecture\" must be an object");
    }
    Architecture architecture = Architecture.fromJson(e.getAsJsonObject());
    int output = architecture.outputSize(geometry.inputTile());
    if (output != geometry.outputTile()) {
      throw new IllegalArgumentException(
          "architecture "
              + architecture.name()
              + (output < 0
                  ? " cannot run on inputTile " + geometry.inputTile()
                  : " maps inputTile " + geometry.inputTile() + " to " + output)
              + ", but outputTile is "
              + geometry.outputTile());
    }
    return architecture;
  }

  private static Normalization normalization(JsonObject o, int channels) {
    JsonObject n = field(o, "normalize").getAsJsonObject();
    double[] mean = numbers(n, "mean");
    double[] std = numbers(n, "std");
    for (double[] v : List.of(mean, std)) {
      if (v.length != 1 && v.length != channels) {
        throw new IllegalArgumentException(
            "normalize.mean and normalize.std need 1 or inputChannels (" + channels + ") values");
      }
    }
    try {
      return new Normalization(number(n, "scale"), mean, std);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("normalize: " + e.getMessage(), e);
    }
  }

  private static Activation activation(JsonObject o) {
    String value = string(o, "activation");
    try {
      return Activation.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "activation \"" + value + "\" is not softmax or sigmoid", e);
    }
  }

  private static void checkClasses(
      Activation activation, List<String> classes, List<String> colors) {
    if (classes.size() < 2 || classes.size() > 256) {
      throw new IllegalArgumentException("classes needs 2 to 256 names, got " + classes.size());
    }
    if (activation == Activation.SIGMOID && classes.size() != 2) {
      throw new IllegalArgumentException(
          "activation sigmoid is binary: classes needs exactly 2 names (background, foreground), got "
              + classes.size());
    }
    if (colors.size() != classes.size()) {
      throw new IllegalArgumentException(
          "colors has " + colors.size() + " entries but classes has " + classes.size());
    }
    for (String c : colors) {
      if (!COLOR.matcher(c).matches()) {
        throw new IllegalArgumentException(
            "colors entry \"" + c + "\" is not #RRGGBB or #RRGGBBAA");
      }
    }
  }

  private static JsonElement field(JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException("missing field \"" + key + "\"");
    }
    return e;
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = field(o, key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
      throw new IllegalArgumentException("field \"" + key + "\" must be a non-empty string");
    }
    return e.getAsString();
  }

  private static double number(JsonObject o, String key) {
    JsonElement e = field(o, key);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("field \"" + key + "\" must be a number, got " + e);
    }
    return e.getAsDouble();
  }

  private static int integer(JsonObject o, String key) {
    double v = number(o, key);
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException("field \"" + key + "\" must be an integer, got " + v);
    }
    return (int) v;
  }

  private static double[] numbers(JsonObject o, String key) {
    JsonElement e = field(o, key);
    if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
      throw new IllegalArgumentException(
          "field \"" + key + "\" must be a non-empty array of numbers");
    }
    JsonArray a = e.getAsJsonArray();
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }

  private static List<String> strings(JsonObject o, String key) {
    JsonElement e = field(o, key);
    if (!e.isJsonArray()) {
      throw new IllegalArgumentException("field \"" + key + "\" must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    e.getAsJsonArray().forEach(v -> out.add(v.getAsString()));
    return out;
  }

  /** Channels of the network's output: 1 for a sigmoid head, one per class for softmax. */
  public int outputChannels() {
    return activation == Activation.SIGMOID ? 1 : classes.size();
  }

  /** This spec as model.json text, which {@link #parse} reads back as an equal spec. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("format", format);
    o.addProperty("file", file);
    if (architecture != null) {
      o.add("architecture", architecture.toJson());
    }
    o.addProperty("inputChannels", inputChannels);
    o.addProperty("inputTile", geometry.inputTile());
    o.addProperty("outputTile", geometry.outputTile());
    o.addProperty("halo", geometry.halo());
    o.addProperty("pooling", geometry.pooling());
    JsonObject n = new JsonObject();
    n.addProperty("scale", normalize.scale());
    n.add("mean", GSON.toJsonTree(normalize.mean()));
    n.add("std", GSON.toJsonTree(normalize.std()));
    o.add("normalize", n);
    o.addProperty("activation", activation.name().toLowerCase(Locale.ROOT));
    o.add("classes", GSON.toJsonTree(classes));
    o.add("colors", GSON.toJsonTree(colors));
    if (!Double.isNaN(mpp)) {
      o.addProperty("mpp", mpp);
    }
    return GSON.toJson(o) + "\n";
  }

  /** The RGBA colour of class {@code label}, for overlays. */
  public int[] rgba(int label) {
    String hex = colors.get(label).substring(1);
    int alpha = hex.length() == 8 ? Integer.parseInt(hex.substring(6, 8), 16) : 255;
    return new int[] {
      Integer.parseInt(hex.substring(0, 2), 16),
      Integer.parseInt(hex.substring(2, 4), 16),
      Integer.parseInt(hex.substring(4, 6), 16),
      alpha
    };
  }
}
