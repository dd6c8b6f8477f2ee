package org.slideseg.jobs.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slideseg.jobs.console.UsageException;

/**
 * The options of one command: parses {@code --key value}, {@code --key=value} and flags, with
 * errors that name the option and the value, and writes the help text from the same {@link
 * Option}s, so that no default is stated twice. Immutable.
 */
public final class Options {
  private static final int COLUMN = 28;

  private final String usage;
  private final String description;
  private final Map<String, Option> byName;

  /**
   * @param usage the first help line, after "Usage: "
   * @param description a paragraph under it, or ""
   */
  public Options(String usage, String description, List<Option> options) {
    this.usage = usage;
    this.description = description;
    this.byName =
        options.stream()
            .collect(
                Collectors.toMap(
                    Option::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  /** The help text: usage, description, then each option with its default. */
  public String help() {
    StringBuilder out = new StringBuilder("Usage: ").append(usage).append("\n\n");
    if (!description.isEmpty()) {
      out.append(description.strip()).append("\n\n");
    }
    for (Option o : byName.values()) {
      String left = "  " + o.synopsis();
      List<String> lines = wrap(o.described(), 100 - COLUMN);
      out.append(left.length() < COLUMN ? pad(left) : left + "\n" + pad("")).append(lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        out.append("\n").append(pad("")).append(line);
      }
      out.append("\n");
    }
    return out.append(pad("  --help")).append("this text\n").toString();
  }

  /** Parses a command line (after the command's name). */
  public ParsedOptions parse(List<String> args) throws UsageException {
    return new ParsedOptions(this, values(args));
  }

  /**
   * Parses a command line, under the values of the properties file that option {@code config}
   * names, if given: the command line wins over the file, the file over the defaults.
   */
  public ParsedOptions parse(List<String> args, String config) throws UsageException {
    Map<String, List<String>> cli = values(args);
    Map<String, List<String>> merged = new LinkedHashMap<>();
    List<String> file = cli.get(config);
    if (file != null) {
      merged.putAll(readConfig(Path.of(file.get(file.size() - 1)), config));
    }
    merged.putAll(cli);
    return new ParsedOptions(this, merged);
  }

  /** The option of this name, as declared. */
  public Option option(String name) {
    Option o = byName.get(name);
    if (o == null) {
      throw new IllegalArgumentException("no option --" + name + " is declared");
    }
    return o;
  }

  private Map<String, List<String>> values(List<String> args) throws UsageException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument \"" + arg + "\"; options start with --");
      }
      String key = arg.substring(2);
      String value = null;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      }
      Option o = byName.get(key);
      if (o == null) {
        throw new UsageException("unknown option --" + key + "; see --help");
      }
      if (value == null && o.isFlag()) {
        value = "true";
      } else if (value == null && i + 1 < args.size()) {
        value = args.get(++i);
      } else if (value == null) {
        throw new UsageException("option --" + key + " needs a value");
      }
      values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return values;
  }

  private Map<String, List<String>> readConfig(Path file, String config) throws UsageException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UsageException("cannot read --" + config + " " + file + ": " + e.getMessage());
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!byName.containsKey(key) || key.equals(config)) {
        throw new UsageException(file + ": unknown key \"" + key + "\"");
      }
      values.put(key, List.of(p.getProperty(key).split("\\s*,\\s*")));
    }
    return values;
  }

  private static String pad(String s) {
    return s + " ".repeat(Math.max(1, COLUMN - s.length()));
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
