package org.slideseg.jobs.segment;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.records.SerializableConfiguration;

/**
 * Lets the job run where Spark's data serializer is Kryo ({@code spark.serializer}), as clusters
 * often set for all jobs: Spark's Kryo (4) cannot serialize a Java record (it fails with "can't get
 * field offset on a record class"), and would skip the custom {@code readObject} of {@link
 * SerializableConfiguration}. Both travel by Java serialization inside Kryo's stream, as they do
 * under Spark's default serializer.
 */
public final class RecordsKryoRegistrator implements KryoRegistrator {
  public static final String REGISTRATORS = "spark.kryo.registrator";
  private static final String SERIALIZER = "spark.serializer";

  @Override
  public void registerClasses(Kryo kryo) {
    kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
    kryo.addDefaultSerializer(SerializableConfiguration.class, JavaSerializer.class);
  }

  /** The value of {@code spark.kryo.registrator} with this class added to {@code given}'s. */
  public static String addedTo(SparkConf given) {
    String ours = RecordsKryoRegistrator.class.getName();
    return Stream.concat(registrators(given), Stream.of(ours))
        .distinct()
        .collect(Collectors.joining(","));
  }

  /**
   * Refuses a session whose serializer is Kryo without this registrator, which the job's command
   * line adds but a session made elsewhere (a notebook's, a test's) may lack: every run would
   * otherwise fail at its first task with Kryo's message.
   */
  public static void check(SparkConf conf) throws UsageException {
    boolean kryo = conf.get(SERIALIZER, "").endsWith("KryoSerializer");
    if (kryo && registrators(conf).noneMatch(RecordsKryoRegistrator.class.getName()::equals)) {
      throw new UsageException(
          "the Spark session serializes with Kryo ("
              + SERIALIZER
              + "="
              + conf.get(SERIALIZER)
              + ") without slideseg's registrator: add "
              + RecordsKryoRegistrator.class.getName()
              + " to "
              + REGISTRATORS
              + " (comma-separated), or leave "
              + SERIALIZER
              + " unset");
    }
  }

  private static Stream<String> registrators(SparkConf conf) {
    return Arrays.stream(conf.get(REGISTRATORS, "").split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty());
  }
}
