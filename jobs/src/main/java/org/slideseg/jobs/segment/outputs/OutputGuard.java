package org.slideseg.jobs.segment.outputs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.records.SlideRef;

/**
 * Refuses, on the driver and before any Spark work, an {@code --out} where slideseg would overwrite
 * or delete something it did not write: a file instead of a directory, or files in {@code tiles/},
 * {@code slides/}, {@code masks/}, {@code polygons/}, {@code _done/}, {@code _lock/} and at {@code
 * _manifest.json} or {@code _SUCCESS} that are not shaped like slideseg's own outputs. Everything
 * else under {@code --out} is never touched, so it is not checked.
 */
public final class OutputGuard {
  private static final String ID = SlideRef.ID_PATTERN;
  private static final String IN_PROGRESS = "(" + WholeFiles.TEMPORARY_ENDING + ")?";

  /** What each output directory may hold, as paths relative to it; ".crc" files are Hadoop's. */
  private static final Map<String, Pattern> OWN_FILES =
      Map.of(
          "tiles", table(),
          "slides", table(),
          "masks",
              Pattern.compile(
                  "\\.?("
                      + ID
                      + ")(\\.tif|"
                      + Pattern.quote(OutputLayout.PROBABILITY)
                      + "[0-9]+\\.tif|\\.preview\\.png|\\.geojson)"
                      + IN_PROGRESS
                      + "(\\.crc)?"
                      + "|("
                      + ID
                      + ")\\.ome\\.zarr/.+"),
          "polygons",
              Pattern.compile(
                  OutputLayout.PARTITION
                      + "="
                      + ID
                      + "/\\.?part-regions\\.parquet"
                      + IN_PROGRESS
                      + "(\\.crc)?"),
          "_done", Pattern.compile("\\.?(" + ID + ")\\.json" + IN_PROGRESS + "(\\.crc)?"),
          "_lock", Pattern.compile("\\.?[0-9]+\\.json(\\.crc)?"));

  private static final int SHOWN = 5;

  private OutputGuard() {}

  /** Parquet parts of a table partitioned by slide id, and Spark's own bookkeeping. */
  private static Pattern table() {
    return Pattern.compile(
        "(_SUCCESS|\\._SUCCESS\\.crc"
            + "|"
            + OutputLayout.PARTITION
            + "="
            + ID
            + "/\\.?part-[^/]+\\.parquet(\\.crc)?"
            + "|(_temporary|\\.spark-staging-[^/]+)/.*)");
  }

  public static void check(OutputLayout layout, Configuration conf)
      throws IOException, UsageException {
    Path root = new Path(layout.root());
    FileSystem fs = root.getFileSystem(conf);
    FileStatus rootStatus = status(fs, root);
    if (rootStatus == null) {
      return;
    }
    if (!rootStatus.isDirectory()) {
      throw new UsageException("--out " + root + " is a file; it must be a directory");
    }
    List<String> foreign = new ArrayList<>();
    for (var dir : OWN_FILES.entrySet()) {
      foreignFiles(fs, new Path(root, dir.getKey()), dir.getValue(), foreign);
    }
    checkManifest(fs, layout.manifest(), foreign);
    FileStatus success = status(fs, layout.success());
    if (success != null && (success.isDirectory() || success.getLen() > 0)) {
      foreign.add(layout.success().toString());
    }
    if (!foreign.isEmpty()) {
      // Sorted: map and listing orders change from JVM to JVM and from file system to file system.
      Collections.sort(foreign);
      throw new UsageException(
          "--out "
              + root
              + " holds "
              + foreign.size()
              + " file(s) that slideseg did not write where it would write its outputs, for"
              + " example "
              + String.join(", ", foreign.subList(0, Math.min(SHOWN, foreign.size())))
              + "; slideseg never overwrites or deletes what it did not write: choose another --out"
              + " or move them");
    }
  }

  private static void foreignFiles(FileSystem fs, Path dir, Pattern own, List<String> foreign)
      throws IOException {
    FileStatus status = status(fs, dir);
    if (status == null) {
      return;
    }
    if (!status.isDirectory()) {
      foreign.add(dir.toString());
      return;
    }
    String prefix = fs.makeQualified(dir).toUri().getPath() + "/";
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      Path file = files.next().getPath();
      String relative = file.toUri().getPath().substring(prefix.length());
      if (!own.matcher(relative).matches()) {
        foreign.add(file.toString());
      }
    }
  }

  /**
   * A manifest is slideseg's when it is a JSON object written by slideseg, or the start of one: an
   * older slideseg wrote it in place, and a run killed then left it empty or torn (with a checksum
   * file that no longer matches, so it is read past Hadoop's checksums).
   */
  private static void checkManifest(FileSystem fs, Path manifest, List<String> foreign)
      throws IOException {
    FileStatus status = status(fs, manifest);
    if (status == null) {
      return;
    }
    FileSystem raw = fs instanceof ChecksumFileSystem local ? local.getRawFileSystem() : fs;
    String text;
    try (InputStream in = raw.open(manifest)) {
      text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
    }
    if (!Manifest.written(text)) {
      foreign.add(manifest.toString());
    }
  }

  private static FileStatus status(FileSystem fs, Path path) throws IOException {
    try {
      return fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return null;
    }
  }
}
