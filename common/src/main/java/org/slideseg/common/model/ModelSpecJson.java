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
import java.util.regex.Pattern;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.SampleWindow;
import org.slideseg.common.tiling.WindowGeometry;
import org.slideseg.common.unet.Architecture;

/**
 * The one reader and writer of {@code model.json}, its {@code "architecture"} object included.
 * Reading rejects unknown keys in every object and inconsistent values, with a message naming the
 * key by its path ({@code normalize.samples.window}).
 */
public final class ModelSpecJson {
  private static final List<String> FIELDS =
      List.of(
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
  private static final List<String> NORMALIZE_FIELDS = List.of("scale", "mean", "std", "samples");
  private static final List<String> SAMPLES_FIELDS = List.of("window", "percentiles");
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?");

  private ModelSpecJson() {}

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
    checkKeys(o, "", FIELDS);
    ModelFormat format = ModelFormat.parse(string(o, "format"));
    int channels = integer(o, "inputChannels");
    if (channels < 1 || channels > PixelRegion.MOST_CHANNELS) {
      throw new IllegalArgumentException(
          "inputChannels "
              + channels
              + " must be 1 (gray), 3 (RGB) or another count up to "
              + PixelRegion.MOST_CHANNELS
              + " (the channels of a multi-channel slide)");
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

  private static Architecture architecture(
      JsonObject o, ModelFormat format, WindowGeometry geometry) {
    if (format == ModelFormat.TORCHSCRIPT) {
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
    Architecture architecture = architecture(e.getAsJsonObject());
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
    JsonObject n = object(o, "normalize");
    checkKeys(n, "normalize.", NORMALIZE_FIELDS);
    double[] mean = numbers(n, "mean");
    double[] std = numbers(n, "std");
    for (double[] v : List.of(mean, std)) {
      if (v.length != 1 && v.length != channels) {
        throw new IllegalArgumentException(
            "normalize.mean and normalize.std need 1 or inputChannels (" + channels + ") values");
      }
    }
    SampleWindow samples = samples(n);
    try {
      return new Normalization(number(n, "scale"), mean, std, samples);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("normalize: " + e.getMessage(), e);
    }
  }

  /**
   * {@code "samples": {"window": [low, high]}} (16-bit and float samples, in their units) or {@code
   * {"percentiles": [low, high]}} (every slide from its own percentiles); absent: as stored.
   */
  private static SampleWindow samples(JsonObject n) {
    if (!n.has("samples")) {
      return SampleWindow.FULL_RANGE;
    }
    JsonObject w = object(n, "samples");
    checkKeys(w, "normalize.samples.", SAMPLES_FIELDS);
    if (w.size() != 1) {
      throw new IllegalArgumentException(
          "normalize.samples needs one of window: [low, high] or percentiles: [low, high], got "
              + w);
    }
    boolean fixed = w.has("window");
    double[] v = numbers(w, fixed ? "window" : "percentiles");
    if (v.length != 2) {
      throw new IllegalArgumentException(
          "normalize.samples." + (fixed ? "window" : "percentiles") + " needs [low, high]");
    }
    try {
      return fixed ? SampleWindow.fixed(v[0], v[1]) : SampleWindow.percentiles(v[0], v[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("normalize.samples: " + e.getMessage(), e);
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

  /**
   * Refuses a key that is not in {@code known}: a misspelt optional key would otherwise be ignored
   * and its default used.
   *
   * @param path the object's place in the spec, as a prefix of its keys ({@code "normalize."})
   */
  private static void checkKeys(JsonObject o, String path, List<String> known) {
    for (String key : o.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            path + key + ": unknown key; known: " + String.join(", ", known));
      }
    }
  }

  private static JsonObject object(JsonObject o, String key) {
    JsonElement e = field(o, key);
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("field \"" + key + "\" must be an object, got " + e);
    }
    return e.getAsJsonObject();
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

  /** {@code spec} as model.json text, which {@link #parse} reads back as an equal spec. */
  public static String toJson(ModelSpec spec) {
    JsonObject o = new JsonObject();
    o.addProperty("name", spec.name());
    o.addProperty("format", spec.format().jsonName());
    o.addProperty("file", spec.file());
    if (spec.architecture() != null) {
      o.add("architecture", toJson(spec.architecture()));
    }
    o.addProperty("inputChannels", spec.inputChannels());
    o.addProperty("inputTile", spec.geometry().inputTile());
    o.addProperty("outputTile", spec.geometry().outputTile());
    o.addProperty("halo", spec.geometry().halo());
    o.addProperty("pooling", spec.geometry().pooling());
    JsonObject n = new JsonObject();
    n.addProperty("scale", spec.normalize().scale());
    n.add("mean", GSON.toJsonTree(spec.normalize().mean()));
    n.add("std", GSON.toJsonTree(spec.normalize().std()));
    SampleWindow samples = spec.normalize().samples();
    if (samples.kind() != SampleWindow.Kind.FULL_RANGE) {
      JsonObject w = new JsonObject();
      String key = samples.kind() == SampleWindow.Kind.FIXED ? "window" : "percentiles";
      w.add(key, GSON.toJsonTree(new double[] {samples.low(), samples.high()}));
      n.add("samples", w);
    }
    o.add("normalize", n);
    o.addProperty("activation", spec.activation().name().toLowerCase(Locale.ROOT));
    o.add("classes", GSON.toJsonTree(spec.classes()));
    o.add("colors", GSON.toJsonTree(spec.colors()));
    if (!Double.isNaN(spec.mpp())) {
      o.addProperty("mpp", spec.mpp());
    }
    return GSON.toJson(o) + "\n";
  }

  /** Reads the {@code "architecture"} object of a model.json; messages name the field. */
  public static Architecture architecture(JsonObject o) {
    String name = o.has("name") ? o.get("name").getAsString() : "";
    List<String> known = Architecture.HYPER_PARAMETERS.get(name);
    if (known == null) {
      throw new IllegalArgumentException(
          "architecture.name \""
              + name
              + "\" is not one of "
              + String.join(", ", Architecture.HYPER_PARAMETERS.keySet()));
    }
    checkKeys(o, "architecture.", known);
    String upsampling = text(o, "upsampling", "bilinear", List.of("bilinear", "transposed"));
    String mode = text(o, "mode", "accurate", List.of("accurate", "fast"));
    int head = o.has("head") ? whole(o.get("head"), "head") : 4;
    if (o.has("head") && !"fast".equals(mode)) {
      throw new IllegalArgumentException("architecture.head only applies to mode \"fast\"");
    }
    return new Architecture(
        name,
        whole(o.get("base"), "base"),
        o.has("batchNorm") && o.get("batchNorm").getAsBoolean(),
        !Architecture.CLASSIC.equals(name)
            && !Architecture.CROP.equals(name)
            && "bilinear".equals(upsampling),
        "fast".equals(mode),
        head);
  }

  /** The {@code "architecture"} object that {@link #architecture} reads back as {@code a}. */
  public static JsonObject toJson(Architecture a) {
    JsonObject o = new JsonObject();
    o.addProperty("name", a.name());
    o.addProperty("base", a.base());
    switch (a.name()) {
      case Architecture.CLASSIC -> o.addProperty("batchNorm", a.batchNorm());
      case Architecture.BATCH_NORM ->
          o.addProperty("upsampling", a.bilinear() ? "bilinear" : "transposed");
      case Architecture.NESTED -> {
        o.addProperty("mode", a.fast() ? "fast" : "accurate");
        if (a.fast()) {
          o.addProperty("head", a.head());
        }
      }
      default -> {}
    }
    return o;
  }

  private static String text(JsonObject o, String key, String fallback, List<String> allowed) {
    String value = o.has(key) ? o.get(key).getAsString() : fallback;
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(
          "architecture." + key + " \"" + value + "\" is not one of " + String.join(", ", allowed));
    }
    return value;
  }

  private static int whole(JsonElement e, String key) {
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("architecture." + key + " must be an integer");
    }
    double v = e.getAsDouble();
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException("architecture." + key + " must be an integer, got " + v);
    }
    return (int) v;
  }
}
