package org.slideseg.jobs.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileSystemWithoutForksTest {
  @TempDir Path dir;

  /** The same calls through Hadoop's own local file system leave the same files and modes. */
  @Test
  void leavesWhatHadoopsLocalFileSystemLeaves() throws IOException {
    assertThat(layOut(withImpl(LocalFileSystemWithoutForks.class), dir.resolve("ours")))
        .isEqualTo(layOut(withImpl(LocalFileSystem.class), dir.resolve("hadoop")))
        .contains(
            "a/nested rwxr-x---",
            "a/nested/data.bin rw-r-----",
            "a/nested/.data.bin.crc",
            "a/nested/later.bin rw----r--");
  }

  private static FileSystem withImpl(Class<?> impl) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", impl.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem fs = FileSystem.get(java.net.URI.create("file:///"), conf);
    assertThat(fs).isInstanceOf(impl);
    return fs;
  }

  /** Creates files and folders with modes through {@code fs}; lists what is there, with modes. */
  private static String layOut(FileSystem fs, Path root) throws IOException {
    var base = new org.apache.hadoop.fs.Path(root.toUri());
    var nested = new org.apache.hadoop.fs.Path(base, "a/nested");
    fs.mkdirs(nested, new FsPermission((short) 0750));
    var data = new org.apache.hadoop.fs.Path(nested, "data.bin");
    try (var out =
        fs.create(data, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write(new byte[] {1, 2, 3});
    }
    var later = new org.apache.hadoop.fs.Path(nested, "later.bin");
    fs.create(later).close();
    fs.setPermission(later, new FsPermission((short) 0604));
    StringBuilder listing = new StringBuilder();
    try (var files = Files.walk(root)) {
      for (Path p : files.sorted().toList()) {
        listing
            .append(root.relativize(p).toString().replace('\\', '/'))
            .append(' ')
            .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
            .append('\n');
      }
    }
    fs.close();
    return listing.toString();
  }
}
