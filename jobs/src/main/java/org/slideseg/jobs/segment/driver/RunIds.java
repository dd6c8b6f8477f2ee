package org.slideseg.jobs.segment.driver;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Ids of runs not given one with --run-id. */
final class RunIds {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  /**
   * UTC time and 48 random bits: two runs started in the same second still differ (24 bits gave two
   * equal ids among a thousand in one second about once in 30 tries).
   */
  static String next() {
    return UTC.format(Instant.now())
        + "-"
        + HexFormat.of().toHexDigits(new SecureRandom().nextLong()).substring(4);
  }
}
