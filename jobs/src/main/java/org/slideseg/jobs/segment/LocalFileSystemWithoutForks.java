package org.slideseg.jobs.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file://}, with checksum files), except that it sets
 * permissions by a system call. Without Hadoop's native library, which slideseg does not ship,
 * Hadoop starts a {@code chmod} process for every file and directory it creates: 40 % of the time
 * spent writing a 16384 x 16384 slide's tiles table.
 */
public final class LocalFileSystemWithoutForks extends LocalFileSystem {
  private static final String SETTING = "fs.file.impl";

  public LocalFileSystemWithoutForks() {
    super(new Raw());
  }

  /**
   * Makes this the {@code file://} of every Hadoop configuration in this JVM, unless the Hadoop
   * settings on the class path name another: in local mode, tasks make their own configurations,
   * which a Spark setting does not reach. Only for local mode, where the JVM is the whole cluster.
   */
  public static void useInThisJvm() {
    if (new Configuration().get(SETTING) == null) {
      Configuration.addDefaultResource("slideseg-local-file-system.xml");
    }
  }

  private static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission); // the sticky bit has no Java name
        return;
      }
      String symbols =
          permission.getUserAction().SYMBOL
              + permission.getGroupAction().SYMBOL
              + permission.getOtherAction().SYMBOL;
      Files.setPosixFilePermissions(
          pathToFile(p).toPath(), PosixFilePermissions.fromString(symbols));
    }
  }
}
