package org.slideseg.jobs.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.demo.IsbiMosaic;
import org.slideseg.jobs.segment.cli.SegmentCommand;

/**
 * Where a cluster's defaults make Kryo Spark's serializer, the job runs as under Spark's default
 * one, or refuses a session it cannot run in before writing anything.
 */
class RecordsKryoRegistratorTest {
  private static final String KRYO = "org.apache.spark.serializer.KryoSerializer";

  @TempDir static Path dir;
  private static Path slides;
  private static Path model;

  @BeforeAll
  static void slideAndModel() throws Exception {
    slides = Files.createDirectories(dir.resolve("in"));
    new IsbiMosaic(700, 500).writeSlide(slides.resolve("mosaic.tif"));
    model = TestSlides.smallWindowModel(dir.resolve("model"));
  }

  @Test
  void underKryoFromTheClustersDefaultsTheMaskIsTheSameAsUnderJavaSerialization() throws Exception {
    byte[] java = maskOfRun(null, dir.resolve("out-java"));
    byte[] kryo = maskOfRun(KRYO, dir.resolve("out-kryo"));

    assertThat(kryo).isEqualTo(java);
  }

  @Test
  void aKryoSessionWithoutTheRegistratorIsRefusedBeforeAnythingIsWritten() {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("kryo without the registrator")
            .config("spark.ui.enabled", "false")
            .config("spark.serializer", KRYO)
            .getOrCreate();
    Path out = dir.resolve("out-refused");
    try {
      assertThatThrownBy(() -> TestJob.run(spark, slides.toString(), model, out))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("spark.kryo.registrator")
          .hasMessageContaining(RecordsKryoRegistrator.class.getName());
    } finally {
      spark.stop();
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void theRegistratorIsAddedToThoseGivenOnce() {
    String ours = RecordsKryoRegistrator.class.getName();
    SparkConf given = new SparkConf(false).set(RecordsKryoRegistrator.REGISTRATORS, "a.B, c.D");

    assertThat(RecordsKryoRegistrator.addedTo(given)).isEqualTo("a.B,c.D," + ours);
    assertThat(RecordsKryoRegistrator.addedTo(given.set(RecordsKryoRegistrator.REGISTRATORS, ours)))
        .isEqualTo(ours);
    assertThat(RecordsKryoRegistrator.addedTo(new SparkConf(false))).isEqualTo(ours);
  }

  /**
   * Runs the job in a session made as the command line makes it, with {@code spark.serializer} as
   * spark-submit passes a cluster's defaults (a system property), and returns the mask's bytes.
   */
  private static byte[] maskOfRun(String serializer, Path out) throws Exception {
    List<String> properties = List.of("spark.serializer", "spark.ui.enabled");
    if (serializer != null) {
      System.setProperty("spark.serializer", serializer);
    }
    System.setProperty("spark.ui.enabled", "false");
    SparkSession spark;
    try {
      spark = SegmentCommand.session("kryo test", "local[2]");
    } finally {
      properties.forEach(System::clearProperty);
    }
    try {
      assertThat(spark.sparkContext().getConf().get("spark.serializer", "java"))
          .isEqualTo(serializer == null ? "java" : serializer);
      assertThat(TestJob.run(spark, slides.toString(), model, out).failures()).isEmpty();
    } finally {
      spark.stop();
    }
    try (Stream<Path> files = Files.walk(out.resolve("masks"))) {
      List<Path> masks = files.filter(p -> p.toString().endsWith(".tif")).toList();
      assertThat(masks).hasSize(1);
      return Files.readAllBytes(masks.get(0));
    }
  }
}
