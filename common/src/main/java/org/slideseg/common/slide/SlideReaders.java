package org.slideseg.common.slide;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Opens a slide by its first bytes, not its name: TIFF / BigTIFF, PNG or JPEG with our own readers;
 * anything they do not know (vendor formats) through OpenSlide where the machine has it.
 */
public final class SlideReaders {
  private SlideReaders() {}

  /**
   * Opens the slide at {@code uri} on its Hadoop file system (file://, hdfs://, s3a://, ...), its
   * samples as stored ({@link SampleWindow#FULL_RANGE}).
   *
   * @throws IOException naming the URI when the file is missing, empty or not a supported format
   */
  public static SlideReader open(URI uri, Configuration conf) throws IOException {
    return open(uri, SampleWindow.FULL_RANGE, conf);
  }

  /** As {@link #open(URI, Configuration)}, its samples through a model's {@code window}. */
  public static SlideReader open(URI uri, SampleWindow window, Configuration conf)
      throws IOException {
    Path path = new Path(uri);
    return open(path.getFileSystem(conf).getFileStatus(path), uri.toString(), window, false, conf);
  }

  /**
   * Removes this JVM's local copies of remote vendor slides that no reader uses now: a run calls it
   * when it ends, so that its copies do not outlive it in a JVM that goes on.
   */
  public static void removeStagedCopies() {
    StagedSlides.JVM.removeUnused();
  }

  /**
   * Opens a mask of class labels on its Hadoop file system: a TIFF such as slideseg's, its samples
   * the labels whatever colours its palette gives them, or a folder that holds an OME-Zarr label
   * image ({@code <id>.ome.zarr/labels/<name>}).
   *
   * @throws IOException naming the URI when the file is missing or not a gray or palette TIFF or a
   *     Zarr label image
   */
  public static SlideReader openLabels(URI uri, Configuration conf) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status = fs.getFileStatus(path);
    if (status.isDirectory()) {
      return ZarrLabelReader.open(fs, path);
    }
    return open(status, uri.toString(), SampleWindow.FULL_RANGE, true, conf);
  }

  /**
   * Opens the slide that {@code status} describes, its samples through {@code window}, without
   * asking its file system again (one request fewer per open on object stores).
   */
  public static SlideReader open(FileStatus status, SampleWindow window, Configuration conf)
      throws IOException {
    return open(status, status.getPath().toUri().toString(), window, false, conf);
  }

  /**
   * @param source how messages name the slide
   * @param labels a TIFF of class labels is expected (see {@link #openLabels})
   */
  private static SlideReader open(
      FileStatus status, String source, SampleWindow window, boolean labels, Configuration conf)
      throws IOException {
    SlideReader reader;
    if (!labels && StagedSlides.JVM.holds(status)) {
      // An earlier open in this JVM found it a vendor's file and staged it: the remote file is
      // neither probed nor read again.
      reader = openStaged(status, source, conf, OpenSlideLibrary.get().orElseThrow());
    } else {
      try {
        reader = openOurs(status, source, window, labels, conf);
      } catch (UnknownFormatException ours) {
        if (labels) {
          throw ours;
        }
        reader = openWithOpenSlide(status, source, ours, conf, OpenSlideLibrary.get());
      }
    }
    // Our TIFF reader windows its samples itself, as stored; the others give bytes.
    boolean windowed = reader instanceof TiffSlideReader;
    boolean measures =
        window.kind() == SampleWindow.Kind.PERCENTILES
            || window.kind() == SampleWindow.Kind.MEASURED;
    return windowed || !measures ? reader : WindowedSlideReader.of(reader, window);
  }

  /**
   * Opens a file our readers do not know with OpenSlide, staging it to local disk if it is not
   * there and is worth trying (a vendor's TIFF, or a vendor's file name).
   */
  static SlideReader openWithOpenSlide(
      FileStatus status,
      String source,
      UnknownFormatException ours,
      Configuration conf,
      Optional<OpenSlideLibrary.C> openSlide)
      throws IOException {
    if (openSlide.isEmpty()) {
      throw new UnknownFormatException(
          ours.getMessage() + "; if it is a vendor's format, " + OpenSlideLibrary.INSTALL);
    }
    boolean local = LocalSlideFile.isLocal(status.getPath().getFileSystem(conf));
    boolean worthStaging =
        ours.vendor() != null || VENDOR_NAME.matcher(status.getPath().getName()).matches();
    if (!local && !worthStaging) {
      throw ours;
    }
    LocalSlideFile file = LocalSlideFile.of(status, source, conf);
    boolean vendor;
    try {
      vendor = openSlide.get().openslide_detect_vendor(file.path().toString()) != null;
    } catch (RuntimeException e) {
      file.release();
      throw e;
    }
    if (!vendor) {
      file.release();
      throw ours;
    }
    // The reader releases the copy when it closes, and so when its opening fails: once.
    return new OpenSlideReader(source, openSlide.get(), file.path().toString(), file::release);
  }

  /** Opens this JVM's staged copy of a vendor's file with OpenSlide. */
  private static SlideReader openStaged(
      FileStatus status, String source, Configuration conf, OpenSlideLibrary.C openSlide)
      throws IOException {
    LocalSlideFile file = LocalSlideFile.of(status, source, conf);
    return new OpenSlideReader(source, openSlide, file.path().toString(), file::release);
  }

  private static SlideReader openOurs(
      FileStatus status, String source, SampleWindow window, boolean labels, Configuration conf)
      throws IOException {
    FileSystem fs = status.getPath().getFileSystem(conf);
    long length = status.getLen();
    FSDataInputStream in = openForRegions(fs, status);
    try {
      // Whole: a read may return fewer bytes than asked for, as S3A's do when a packet ends early.
      int n = (int) Math.min(4, length);
      byte[] magic = new byte[4];
      in.readFully(0, magic, 0, n);
      var stream = new HadoopImageInputStream(in, length);
      if (n == 4 && isTiff(magic)) {
        return new TiffSlideReader(source, stream, labels, window);
      }
      if (labels) {
        throw new SlideFormatException(source + ": not a TIFF of class labels");
      }
      if (n == 4 && (isPng(magic) || isJpeg(magic))) {
        return new DecodedImageSlideReader(source, stream);
      }
      throw new UnknownFormatException(source + ": " + unknownFormat(in, length, magic, n));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Opens for reads at scattered offsets: object stores then fetch each tile's byte range instead
   * of streaming the file from the first seek to its end, and skip a second HEAD request.
   */
  private static FSDataInputStream openForRegions(FileSystem fs, FileStatus status)
      throws IOException {
    try {
      return fs.openFile(status.getPath())
          .withFileStatus(status)
          .opt("fs.option.openfile.read.policy", "random")
          .build()
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted opening " + status.getPath());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** A one-level slide of pixels already in memory, such as a small training image. */
  public static SlideReader inMemory(String source, PixelRegion pixels) {
    return new DecodedImageSlideReader(source, pixels);
  }

  /** What a file that is no TIFF, PNG or JPEG is, as far as its first bytes tell. */
  private static String unknownFormat(FSDataInputStream in, long length, byte[] magic, int n)
      throws IOException {
    if (length == 0) {
      return "empty file (0 bytes)";
    }
    byte[] dicom = new byte[4];
    if (length >= 132) {
      in.readFully(128, dicom);
    }
    if (length >= 132
        && "DICM".equals(new String(dicom, java.nio.charset.StandardCharsets.US_ASCII))) {
      return "a DICOM file; slideseg's own readers read TIFF (including Aperio SVS), PNG and JPEG,"
          + " and OpenSlide 4 reads DICOM whole-slide images: install it, or convert them to a"
          + " tiled TIFF first";
    }
    return "not a TIFF, PNG or JPEG file ("
        + length
        + " bytes, first bytes "
        + HexFormat.of().formatHex(magic, 0, Math.max(n, 0))
        + ")";
  }

  /** File names of the vendor formats OpenSlide reads that are not TIFF inside. */
  private static final Pattern VENDOR_NAME =
      Pattern.compile("(?i).*\\.(ndpi|vms|vmu|svslide|mrxs|scn|bif|dcm)");

  private static boolean isTiff(byte[] m) {
    boolean little = m[0] == 'I' && m[1] == 'I' && (m[2] == 42 || m[2] == 43) && m[3] == 0;
    boolean big = m[0] == 'M' && m[1] == 'M' && m[2] == 0 && (m[3] == 42 || m[3] == 43);
    return little || big;
  }

  private static boolean isPng(byte[] m) {
    return (m[0] & 0xff) == 0x89 && m[1] == 'P' && m[2] == 'N' && m[3] == 'G';
  }

  private static boolean isJpeg(byte[] m) {
    return (m[0] & 0xff) == 0xFF && (m[1] & 0xff) == 0xD8;
  }
}
