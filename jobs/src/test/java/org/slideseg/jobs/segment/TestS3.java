package org.slideseg.jobs.segment;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server (S3Proxy over an in-memory store) on a free loopback port, with one bucket,
 * started before a test class and stopped after it. Register it with {@code @RegisterExtension}.
 */
public final class TestS3 implements BeforeAllCallback, AfterAllCallback {
  public static final String ACCESS_KEY = "slideseg-test-access";
  public static final String SECRET_KEY = "slideseg-test-secret-7f3a9c";

  private final String bucket;
  private final AtomicLong bytesRequested = new AtomicLong();
  private BlobStoreContext store;
  private S3Proxy proxy;

  public TestS3(String bucket) {
    this.bucket = bucket;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    store =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .build(BlobStoreContext.class);
    store.getBlobStore().createContainerInLocation(null, bucket);
    proxy =
        S3Proxy.builder()
            .blobStore(counting(store.getBlobStore()))
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(20);
    }
  }

  /** The store behind the server, counting the bytes each GET asks for (its ranges, or all). */
  private BlobStore counting(BlobStore store) {
    return (BlobStore)
        Proxy.newProxyInstance(
            BlobStore.class.getClassLoader(),
            new Class<?>[] {BlobStore.class},
            (self, method, args) -> {
              Object result;
              try {
                result = method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("getBlob") && result instanceof Blob blob) {
                GetOptions options = args.length > 2 ? (GetOptions) args[2] : GetOptions.NONE;
                bytesRequested.addAndGet(requested(options, blob));
              }
              return result;
            });
  }

  private static long requested(GetOptions options, Blob blob) {
    if (options == null || options.getRanges().isEmpty()) {
      return blob.getMetadata().getContentMetadata().getContentLength();
    }
    long sum = 0;
    for (String range : options.getRanges()) {
      String[] ends = range.split("-");
      sum += Long.parseLong(ends[1]) - Long.parseLong(ends[0]) + 1;
    }
    return sum;
  }

  /** Bytes the server was asked for by GETs since it started: the server's own statistics. */
  public long bytesRequested() {
    return bytesRequested.get();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    proxy.stop();
    store.close();
  }

  /** {@code s3a://<bucket>/<key>}. */
  public String uri(String key) {
    return "s3a://" + bucket + "/" + key;
  }

  /** The S3A settings a client needs for this server, as Hadoop keys. */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort());
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", SECRET_KEY);
    return s;
  }

  /** Uploads a local file to {@code key} through S3A's block output stream. */
  public void put(FileSystem s3, java.nio.file.Path file, String key) throws java.io.IOException {
    try (var out = s3.create(new Path(uri(key)), true)) {
      java.nio.file.Files.copy(file, out);
    }
  }

  /** Applies {@link #settings} to {@code conf}. */
  public Configuration configure(Configuration conf) {
    settings().forEach(conf::set);
    return conf;
  }
}
