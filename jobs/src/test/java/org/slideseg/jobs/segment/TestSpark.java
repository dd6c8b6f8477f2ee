package org.slideseg.jobs.segment;

import org.apache.spark.sql.SparkSession;

/** The one SparkSession a test class shares: small, quiet, no UI. Stop it after the class. */
public final class TestSpark {
  private TestSpark() {}

  /**
   * @param master for example {@code local[2]}, or {@code local[2,3]} for three task attempts
   * @param hadoop pairs of Hadoop keys and values, set as {@code spark.hadoop.*}
   */
  public static SparkSession session(Class<?> test, String master, String... hadoop) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .master(master)
            .appName(test.getSimpleName())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2");
    for (int i = 0; i + 1 < hadoop.length; i += 2) {
      builder.config("spark.hadoop." + hadoop[i], hadoop[i + 1]);
    }
    return builder.getOrCreate();
  }
}
