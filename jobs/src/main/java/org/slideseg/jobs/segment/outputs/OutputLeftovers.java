package org.slideseg.jobs.segment.outputs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what killed runs of slideseg left in an output: Spark's staging directories of the two
 * tables ({@code .spark-staging-*}, {@code _temporary}, which can hold a whole copy of a run's
 * tiles) and the hidden {@code .inprogress} files of whole-file writes. Only names that slideseg
 * and Spark give, only where slideseg writes, and only while the run holds the output's lock, so no
 * live writer's files are touched.
 */
public final class OutputLeftovers {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLeftovers.class);
  private static final Pattern STAGING = Pattern.compile("\\.spark-staging-.+|_temporary");
  private static final Pattern IN_PROGRESS =
      Pattern.compile("\\..+" + WholeFiles.TEMPORARY_ENDING + "(\\.crc)?");

  private OutputLeftovers() {}

  public static void remove(OutputLayout layout, Configuration conf) throws IOException {
    FileSystem fs = layout.fileSystem(conf);
    List<FileStatus> leftovers = new ArrayList<>();
    for (Path table : List.of(layout.tiles(), layout.slides())) {
      leftovers.addAll(matching(fs, table, STAGING));
    }
    for (Path dir : List.of(layout.masks(), layout.completedRecords(), new Path(layout.root()))) {
      leftovers.addAll(matching(fs, dir, IN_PROGRESS));
    }
    long bytes = 0;
    for (FileStatus f : leftovers) {
      ContentSummary size = fs.getContentSummary(f.getPath());
      bytes += size.getLength();
      fs.delete(f.getPath(), true);
    }
    if (!leftovers.isEmpty()) {
      LOG.info(
          "removed {} leftover(s) of killed runs ({} MB): {}",
          leftovers.size(),
          String.format("%.1f", bytes / 1e6),
          leftovers.stream().map(f -> f.getPath().toString()).toList());
    }
  }

  private static List<FileStatus> matching(FileSystem fs, Path dir, Pattern name)
      throws IOException {
    try {
      return List.of(fs.listStatus(dir, p -> name.matcher(p.getName()).matches()));
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }
}
