package org.slideseg.jobs.cli;

/**
 * One {@code --name} option: how it is written, what it means, and its default, which is stated
 * here once, used when parsing and quoted in the help.
 *
 * @param argument how its value is shown ({@code <n>}), or null for a flag, which takes none
 * @param fallback the default value as typed, or null when there is none or it is computed
 * @param fallbackText how the help describes a computed default ("all cores"), else null
 */
public record Option(
    String name, String argument, String help, String fallback, String fallbackText) {

  /** An option whose default is a value. */
  public static Option of(String name, String argument, String help, String fallback) {
    return new Option(name, argument, help, fallback, null);
  }

  /** An option with no default: required, or absent meaning "none". */
  public static Option of(String name, String argument, String help) {
    return new Option(name, argument, help, null, null);
  }

  /** An option whose default is computed, described by {@code fallbackText} in the help. */
  public static Option computed(String name, String argument, String help, String fallbackText) {
    return new Option(name, argument, help, null, fallbackText);
  }

  /** A flag: {@code --name} alone means true. */
  public static Option flag(String name, String help) {
    return new Option(name, null, help, "false", null);
  }

  boolean isFlag() {
    return argument == null;
  }

  /** The help line's left column: {@code --name <n>}. */
  String synopsis() {
    return "--" + name + (isFlag() ? "" : " " + argument);
  }

  /** The help text with its default, if any. */
  String described() {
    if (fallbackText != null) {
      return help + " (default " + fallbackText + ")";
    }
    return fallback == null || isFlag() ? help : help + " (default " + fallback + ")";
  }
}
