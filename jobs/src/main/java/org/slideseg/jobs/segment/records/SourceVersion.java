package org.slideseg.jobs.segment.records;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.StringUtils;

/**
 * Which version of a slide file a result was made from, as its file system reports it: length,
 * modification time, and the object's ETag (S3, ABFS, GCS) or checksum (HDFS) where there is one. A
 * result is reused only for the same version, so a replaced file is segmented again.
 *
 * @param tag ETag or checksum, or "" where the file system has neither (local files)
 */
public record SourceVersion(long length, long modified, String tag) implements Serializable {

  /** The version of the file {@code status} describes; HDFS is asked for its checksum. */
  public static SourceVersion of(FileStatus status, FileSystem fs) throws IOException {
    String tag = "";
    if (status instanceof EtagSource etag && etag.getEtag() != null) {
      tag = etag.getEtag();
    } else if ("hdfs".equals(fs.getScheme())) {
      FileChecksum checksum = fs.getFileChecksum(status.getPath());
      tag = checksum == null ? "" : StringUtils.byteToHexString(checksum.getBytes());
    }
    return new SourceVersion(status.getLen(), status.getModificationTime(), tag);
  }

  @Override
  public String toString() {
    return length + " bytes, modified " + modified + (tag.isEmpty() ? "" : ", tag " + tag);
  }
}
