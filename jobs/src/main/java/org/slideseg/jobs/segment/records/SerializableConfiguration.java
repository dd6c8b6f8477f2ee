package org.slideseg.jobs.segment.records;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration (with {@code spark.hadoop.*} settings such as S3A credentials)
 * in a form that travels to executors: its properties as {@link Configuration#write} wrote them
 * when this was made, read back once per executor JVM and then shared by that JVM's tasks, as Spark
 * shares the configuration it broadcasts for its own file reads (Hadoop treats one as read only).
 *
 * <p>Why not once per task: every task deserializes its closure, and reading the about 1,000
 * properties back took milliseconds in each (figures in docs/DESIGN.md).
 */
public final class SerializableConfiguration implements Serializable {
  /** Configurations read in this JVM, by their bytes; a few, as a JVM runs a job at a time. */
  private static final Map<ByteBuffer, Configuration> READ = new LinkedHashMap<>(8, 0.75f, true);

  private static final int KEPT = 4;

  private final byte[] written;
  private transient Configuration conf;

  public SerializableConfiguration(Configuration conf) {
    this.conf = conf;
    this.written = write(conf);
  }

  /** The configuration: on the driver the one given, in a task the one its JVM read. */
  public Configuration get() {
    return conf;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = read(written);
  }

  private static byte[] write(Configuration conf) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      conf.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown: the stream is in memory
    }
    return bytes.toByteArray();
  }

  private static Configuration read(byte[] written) throws IOException {
    synchronized (READ) {
      Configuration known = READ.get(ByteBuffer.wrap(written));
      if (known != null) {
        return known;
      }
      Configuration conf = new Configuration(false);
      conf.readFields(new DataInputStream(new ByteArrayInputStream(written)));
      READ.put(ByteBuffer.wrap(written), conf);
      var eldest = READ.keySet().iterator();
      while (READ.size() > KEPT) {
        eldest.next();
        eldest.remove();
      }
      return conf;
    }
  }
}
