package org.slideseg.common.json;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON objects built in code, their keys in the order given. */
public final class JsonMaps {
  private JsonMaps() {}

  /**
   * A map of {@code key, value, key, value, ...} that keeps that order, so that a file written from
   * it has the same bytes on every run ({@code Map.of}'s order changes with each JVM).
   */
  public static Map<String, Object> inOrder(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values do not pair up");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
