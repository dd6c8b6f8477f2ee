package org.slideseg.jobs.segment.outputs;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A run's {@code _manifest.json}: a JSON object written whole, whose first key says that slideseg
 * wrote it, so that {@link OutputGuard} knows it for its own.
 */
public final class Manifest {
  private static final String WRITER_KEY = "writer";
  private static final String WRITER = "slideseg";

  /**
   * How every manifest begins: a file that a killed writer of an older slideseg (which wrote it in
   * place) left torn still begins with a part of it.
   */
  public static final String START = "{\n  \"" + WRITER_KEY + "\": \"" + WRITER + "\"";

  private Manifest() {}

  /** Writes the manifest: the writer's key, then {@code entries} in their order. */
  public static void write(OutputLayout layout, Configuration conf, Map<String, Object> entries)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(WRITER_KEY, WRITER);
    m.putAll(entries);
    byte[] json =
        new GsonBuilder().setPrettyPrinting().create().toJson(m).getBytes(StandardCharsets.UTF_8);
    WholeFiles.write(
        layout.manifest().getFileSystem(conf), layout.manifest(), out -> out.write(json));
  }

  /** Whether a manifest's text is slideseg's: a JSON object it wrote, or the start of one. */
  static boolean written(String text) {
    if (text.startsWith(START) || START.startsWith(text)) {
      return true;
    }
    try {
      JsonObject json = JsonParser.parseString(text).getAsJsonObject();
      return json.has(WRITER_KEY) && WRITER.equals(json.get(WRITER_KEY).getAsString());
    } catch (RuntimeException e) {
      return false; // not JSON, or not an object
    }
  }
}
