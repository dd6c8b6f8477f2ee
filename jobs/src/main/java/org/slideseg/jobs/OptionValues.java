package org.slideseg.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsing of {@code --key value} and {@code --key=value} command lines, with errors that name the
 * option and the value. Shared by every command.
 */
public final class OptionValues {
  private OptionValues() {}

  /** The values given for each key, in order; unknown keys and missing values are errors. */
  public static Map<String, List<String>> keyValues(List<String> args, Set<String> keys)
      throws UsageException {
    return keyValues(args, keys, Set.of());
  }

  /**
   * As {@link #keyValues(List, Set)}, where the keys in {@code flags} take no value on the command
   * line ({@code --force}); each occurrence is recorded as "true".
   */
  public static Map<String, List<String>> keyValues(
      List<String> args, Set<String> keys, Set<String> flags) throws UsageException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument \"" + arg + "\"; options start with --");
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (flags.contains(key)) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException("option --" + key + " needs a value");
      }
      if (!keys.contains(key)) {
        throw new UsageException("unknown option --" + key + "; see --help");
      }
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return values;
  }

  /** The one value of {@code key}, or {@code fallback} when it was not given. */
  public static String single(Map<String, List<String>> values, String key, String fallback)
      throws UsageException {
    List<String> given = values.get(key);
    if (given == null) {
      return fallback;
    }
    if (given.size() > 1) {
      throw new UsageException(
          "--" + key + " given " + given.size() + " times; it takes one value");
    }
    return given.get(0);
  }

  /**
   * Whether flag {@code key} was given, as {@code --key}, {@code --key=true} or in a config file.
   */
  public static boolean flag(Map<String, List<String>> values, String key) throws UsageException {
    String value = single(values, key, "false");
    if (!value.equals("true") && !value.equals("false")) {
      throw new UsageException("--" + key + " \"" + value + "\" must be true or false");
    }
    return Boolean.parseBoolean(value);
  }

  /** {@code value} as an integer of at least {@code min}, for option {@code --key}. */
  public static int atLeast(String key, String value, int min) throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--" + key + " \"" + value + "\" must be an integer of at least " + min);
  }

  /**
   * The one value of {@code key}; missing or blank is a usage error that says {@code what} it is.
   */
  public static String required(Map<String, List<String>> values, String key, String what)
      throws UsageException {
    String value = single(values, key, null);
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + key + " is required: " + what);
    }
    return value;
  }

  /**
   * {@code value} as a number from {@code min} to {@code max} (may be infinite), for {@code --key}.
   */
  public static double between(String key, String value, double min, double max)
      throws UsageException {
    try {
      double d = Double.parseDouble(value);
      if (d >= min && d <= max && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    String range =
        Double.isInfinite(max) ? ">= " + plain(min) : "from " + plain(min) + " to " + plain(max);
    throw new UsageException("--" + key + " \"" + value + "\" must be a number " + range);
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
