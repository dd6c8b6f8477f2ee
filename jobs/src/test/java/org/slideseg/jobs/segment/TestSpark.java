package org.slideseg.jobs.segment;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one SparkSession a test class shares, started before its first test and stopped after its
 * last: small, quiet, no UI. Register it as a static field with {@code @RegisterExtension}.
 */
public final class TestSpark implements BeforeAllCallback, AfterAllCallback {
  private final String master;
  private final String[] hadoop;
  private SparkSession session;

  /**
   * @param master for example {@code local[2]}, or {@code local[2,3]} for three task attempts
   * @param hadoop pairs of Hadoop keys and values, set as {@code spark.hadoop.*}
   */
  public TestSpark(String master, String... hadoop) {
    this.master = master;
    this.hadoop = hadoop.clone();
  }

  public SparkSession session() {
    return session;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .master(master)
            .appName(context.getRequiredTestClass().getSimpleName())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2");
    for (int i = 0; i + 1 < hadoop.length; i += 2) {
      builder.config("spark.hadoop." + hadoop[i], hadoop[i + 1]);
    }
    LocalFileSystemWithoutForks.useInThisJvm();
    session = builder.getOrCreate();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    session.stop();
  }
}
