package org.slideseg.jobs;

/** Parsing of option values, with errors that name the option and the value. */
public final class OptionValues {
  private OptionValues() {}

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
}
