package org.slideseg.jobs.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone cluster in this machine ({@code local-cluster[...]}): executors are separate
 * JVMs that get Spark and Hadoop on their classpath (the launcher's classpath less what the cluster
 * jar brings) and slideseg from the cluster jar, as under spark-submit; the test classes travel in
 * a jar beside it. Needs the cluster jar (integration tests run after {@code package}) and the
 * SPARK_HOME and SPARK_SCALA_VERSION that the build gives integration tests.
 */
public final class TestCluster {
  private TestCluster() {}

  /** Executors' JVM options: those given in {@code conf} are added to the harness's own. */
  public static final String JAVA_OPTIONS = "spark.executor.extraJavaOptions";

  public static SparkSession start(String app, String master, Map<String, String> conf)
      throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(Path.of(System.getenv("SPARK_HOME")).resolve("jars"));
    String executorClasspath =
        Stream.of(Files.readString(target.resolve("local-classpath.txt")).strip().split(":"))
            .filter(TestCluster::providedByTheCluster)
            .collect(Collectors.joining(":"));
    SparkSession.Builder builder =
        SparkSession.builder()
            .master(master)
            .appName(app)
            .config("spark.jars", clusterJar(target) + "," + testClassesJar(target))
            .config("spark.executor.extraClassPath", executorClasspath)
            .config(
                JAVA_OPTIONS,
                System.getProperty("slideseg.spark.jvm.opens")
                    + " -Dai.djl.offline=true -Dlog4j2.configurationFile="
                    + Path.of("..", "conf", "log4j2.properties").toAbsolutePath().normalize()
                    + " "
                    + conf.getOrDefault(JAVA_OPTIONS, ""))
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2");
    conf.entrySet().stream()
        .filter(e -> !e.getKey().equals(JAVA_OPTIONS))
        .forEach(e -> builder.config(e.getKey(), e.getValue()));
    return builder.getOrCreate();
  }

  /** Spark, Hadoop and their dependencies; not what the cluster jar brings. */
  private static boolean providedByTheCluster(String jar) {
    // In a reactor build slideseg-common is its module's jar or classes, not a jar in ~/.m2.
    return !jar.endsWith("/target/classes")
        && !jar.contains("/slideseg-common-")
        && Stream.of(
                "/org/slideseg/",
                "/ai/djl/",
                "/com/twelvemonkeys/",
                "/org/apache/hadoop/hadoop-aws/",
                "/software/amazon/",
                "/com/google/code/gson/")
            .noneMatch(jar::contains);
  }

  /** The executors' stderr files of the current application. */
  public static Stream<Path> executorLogs(SparkSession spark) throws IOException {
    Path app = Path.of(System.getenv("SPARK_HOME"), "work", spark.sparkContext().applicationId());
    return Files.walk(app).filter(p -> p.getFileName().toString().equals("stderr"));
  }

  /**
   * The test classes as a jar shipped beside the cluster jar, so that a test's functions load in
   * the same class loader as the slideseg classes they call.
   */
  private static Path testClassesJar(Path target) throws IOException {
    Path classes = target.resolve("test-classes");
    Path jar = target.resolve("test-classes-for-executors.jar");
    try (var out = new JarOutputStream(Files.newOutputStream(jar));
        var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path clusterJar(Path target) throws IOException {
    try (var jars = Files.list(target)) {
      return jars.filter(p -> p.getFileName().toString().endsWith("-cluster.jar"))
          .findFirst()
          .orElseThrow(() -> new IOException("no cluster jar in " + target + "; run mvn package"));
    }
  }
}
