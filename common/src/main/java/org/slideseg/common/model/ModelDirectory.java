package org.slideseg.common.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model directory on any Hadoop file system: {@code model.json} and the weights file it names.
 * Serializable as its URI; the files are copied to local disk where the engine needs them.
 */
public record ModelDirectory(URI uri) implements java.io.Serializable {
  public static final String SPEC_FILE = "model.json";

  /** Reads and validates the spec, and checks that the weights file it names exists. */
  public ModelSpec readSpec(Configuration conf) throws IOException {
    Path dir = new Path(uri);
    FileSystem fs = dir.getFileSystem(conf);
    Path specPath = new Path(dir, SPEC_FILE);
    if (!fs.exists(specPath)) {
      throw new IOException(specPath + " does not exist: a model directory needs a " + SPEC_FILE);
    }
    String json;
    try (InputStream in = fs.open(specPath)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ModelSpec spec = ModelSpecJson.parse(json, specPath.toString());
    if (!fs.exists(new Path(dir, spec.file()))) {
      throw new IOException(
          specPath + ": field \"file\" names " + spec.file() + ", which does not exist");
    }
    return spec;
  }

  /**
   * Identifies this model's exact files: a hash of model.json with the weights' size and
   * modification time. Outputs made with another fingerprint are not reused.
   */
  public String fingerprint(ModelSpec spec, Configuration conf) throws IOException {
    Path dir = new Path(uri);
    FileSystem fs = dir.getFileSystem(conf);
    byte[] json;
    try (InputStream in = fs.open(new Path(dir, SPEC_FILE))) {
      json = in.readAllBytes();
    }
    var weights = fs.getFileStatus(new Path(dir, spec.file()));
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(json);
      return java.util.HexFormat.of().formatHex(digest, 0, 8)
          + "-"
          + weights.getLen()
          + "-"
          + weights.getModificationTime();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * Loads the model on a device ({@link SegmentationModel#load}). The engine reads weights from
   * local disk: weights elsewhere (HDFS, S3) are copied to a temporary folder and removed once
   * loaded, since the engine holds them in memory then. Left for the JVM's exit, every load on an
   * executor that was killed, as executors are, left its copy behind.
   */
  public SegmentationModel load(
      ModelSpec spec, Configuration conf, ComputeDevice device, Precision precision)
      throws IOException {
    Path weights = new Path(new Path(uri), spec.file());
    FileSystem fs = weights.getFileSystem(conf);
    if ("file".equals(fs.getScheme())) {
      java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(weights).toUri());
      return SegmentationModel.load(spec, local, device, precision);
    }
    java.nio.file.Path copy = Files.createTempDirectory("slideseg-model-");
    java.nio.file.Path local = copy.resolve(spec.file());
    try {
      fs.copyToLocalFile(false, weights, new Path(local.toUri()), true);
      return SegmentationModel.load(spec, local, device, precision);
    } finally {
      Files.deleteIfExists(local);
      Files.delete(copy);
    }
  }
}
