package org.slideseg.common.slide;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A slide as a file on local disk, as OpenSlide needs it: the file itself where it is local, else a
 * copy in the temp folder ({@code slideseg-<pid>-staged-<random>-<name>}, keeping the name, as
 * OpenSlide tells some formats by it), limited in size and shared by the JVM's readers ({@link
 * StagedSlides}); {@link #release} when read. A copy left by a killed JVM is removed by the next
 * slideseg task on the machine, by its name.
 *
 * @param onRelease what ends this reader's use of a copy; nothing for a local slide
 */
record LocalSlideFile(Path path, Runnable onRelease) {
  /** Largest file staged, in bytes; larger ones fail with the key to raise it. */
  static final String STAGE_LIMIT_KEY = "slideseg.openslide.stage-limit-bytes";

  private static final long STAGE_LIMIT = 20L << 30;

  /** Room left on the local disk after a copy, for everything else. */
  private static final long DISK_RESERVE = 1L << 30;

  static LocalSlideFile of(FileStatus status, String source, Configuration conf)
      throws IOException {
    FileSystem fs = status.getPath().getFileSystem(conf);
    if (isLocal(fs)) {
      return new LocalSlideFile(Path.of(status.getPath().toUri()), () -> {});
    }
    Path copy = StagedSlides.JVM.acquire(status, conf, () -> stage(fs, status, source, conf));
    return new LocalSlideFile(copy, () -> StagedSlides.JVM.release(status, conf));
  }

  /** Copies the slide to the temp folder, if it fits the limit and the disk. */
  private static Path stage(FileSystem fs, FileStatus status, String source, Configuration conf)
      throws IOException {
    long limit = conf.getLong(STAGE_LIMIT_KEY, STAGE_LIMIT);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long free = Files.getFileStore(tmp).getUsableSpace();
    if (status.getLen() > limit || status.getLen() + DISK_RESERVE > free) {
      throw new SlideFormatException(
          source
              + ": OpenSlide reads only local files, and this one ("
              + status.getLen() / (1 << 20)
              + " MiB) is larger than "
              + (status.getLen() > limit
                  ? STAGE_LIMIT_KEY + " (" + (limit >> 20) + " MiB)"
                  : "the free space of " + tmp + " (" + (free >> 20) + " MiB) allows")
              + "; copy it to local disk, or convert it to a tiled TIFF");
    }
    Path copy =
        tmp.resolve(
            "slideseg-"
                + ProcessHandle.current().pid()
                + "-staged-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
                + "-"
                + status.getPath().getName());
    try (InputStream in = fs.open(status.getPath())) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(copy);
      throw e;
    }
    return copy;
  }

  /** Whether the file system's files are files on this machine's disk, by its scheme. */
  static boolean isLocal(FileSystem fs) {
    return "file".equals(fs.getScheme());
  }

  /** Ends this reader's use of the file: a staged copy may then be removed. */
  void release() {
    onRelease.run();
  }
}
