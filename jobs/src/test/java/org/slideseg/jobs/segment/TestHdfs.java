package org.slideseg.jobs.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HDFS for a test class: a name node and a data node in this JVM on loopback (Hadoop's
 * MiniDFSCluster, from the shaded hadoop-client-minicluster), started before the class's first test
 * and stopped after its last. Register it as a static field with {@code @RegisterExtension}.
 */
public final class TestHdfs implements BeforeAllCallback, AfterAllCallback {
  private Path base;
  private MiniDFSCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    base = Files.createTempDirectory("slideseg-hdfs-");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (cluster != null) {
      cluster.shutdown();
    }
    try (Stream<Path> files = Files.walk(base)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** {@code hdfs://127.0.0.1:<port>/<path>}. */
  public String uri(String path) {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort() + "/" + path;
  }

  public FileSystem fileSystem() throws IOException {
    return cluster.getFileSystem();
  }

  /** Copies a local file or the files of a local folder to {@code path}. */
  public void put(Path local, String path) throws IOException {
    fileSystem()
        .copyFromLocalFile(
            new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(uri(path)));
  }
}
