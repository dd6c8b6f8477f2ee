package org.slideseg.jobs.cli;

import java.util.List;
import java.util.Map;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.jobs.console.UsageException;

/**
 * The values given for one command's options, read through typed getters that apply each option's
 * declared default and report bad values as {@link UsageException}s naming the option.
 */
public final class ParsedOptions {
  private final Options options;
  private final Map<String, List<String>> values;

  ParsedOptions(Options options, Map<String, List<String>> values) {
    this.options = options;
    this.values = Map.copyOf(values);
  }

  public boolean has(String name) {
    options.option(name);
    return values.containsKey(name);
  }

  /** Every value given for a repeatable option, in order; empty when none. */
  public List<String> all(String name) {
    options.option(name);
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  /** The one value given, else the declared default (null when there is none). */
  public String string(String name) throws UsageException {
    Option o = options.option(name);
    List<String> given = values.get(name);
    if (given == null) {
      return o.fallback();
    }
    if (given.size() > 1) {
      throw new UsageException(
          "--" + name + " given " + given.size() + " times; it takes one value");
    }
    return given.get(0);
  }

  /** The value, which must be given; the message says {@code what} it is. */
  public String required(String name, String what) throws UsageException {
    String value = string(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + name + " is required: " + what);
    }
    return value;
  }

  /** An integer of at least {@code min}; {@code computed} when neither given nor declared. */
  public int integer(String name, int min, int computed) throws UsageException {
    String value = string(name);
    return value == null ? computed : integer(name, value, min);
  }

  /** An integer of at least {@code min}, given or declared. */
  public int integer(String name, int min) throws UsageException {
    return integer(name, string(name), min);
  }

  /** A comma-separated list of integers of at least {@code min}. */
  public int[] integers(String name, int min) throws UsageException {
    String[] parts = string(name).split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = integer(name, parts[i].strip(), min);
    }
    return out;
  }

  /** A number from {@code min} to {@code max} (which may be infinite), given or declared. */
  public double number(String name, double min, double max) throws UsageException {
    String value = string(name);
    try {
      double d = Double.parseDouble(value);
      if (d >= min && d <= max && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    String range =
        Double.isInfinite(max) ? ">= " + plain(min) : "from " + plain(min) + " to " + plain(max);
    throw new UsageException("--" + name + " \"" + value + "\" must be a number " + range);
  }

  /** Whether a flag was given, as {@code --name}, {@code --name=true} or in a config file. */
  public boolean flag(String name) throws UsageException {
    String value = string(name);
    if (!"true".equals(value) && !"false".equals(value)) {
      throw new UsageException("--" + name + " \"" + value + "\" must be true or false");
    }
    return Boolean.parseBoolean(value);
  }

  /** A device: cpu, gpu or gpu:N. */
  public ComputeDevice device(String name) throws UsageException {
    String value = string(name);
    try {
      return ComputeDevice.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + name + " \"" + value + "\" is not cpu, gpu, gpu:N or auto");
    }
  }

  private static int integer(String name, String value, int min) throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "--" + name + " \"" + value + "\" must be an integer of at least " + min);
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
