package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendor formats through OpenSlide (Debian's libopenslide0, installed by the test tools): a Philips
 * TIFF, which our TIFF reader refuses, read locally and staged from a file system that is not local
 * disk; and, the other way round, our reader's pixels against OpenSlide's on a plain pyramid.
 */
class OpenSlideReaderTest {
  private static final Configuration CONF =
      TestImages.withFileSystem("elsewhere", ElsewhereFileSystem.class);

  @TempDir Path dir;

  @Test
  void aPhilipsTiffIsReadByOpenSlideWithItsPixelSizeAndExactPixels() throws Exception {
    BufferedImage picture = TestImages.pattern(600, 420, BufferedImage.TYPE_3BYTE_BGR);
    Path philips = philips(picture);
    try (SlideReader reader = SlideReaders.open(philips.toUri(), CONF)) {
      assertThat(reader).isInstanceOf(OpenSlideReader.class);
      assertThat(((OpenSlideReader) reader).vendor()).isEqualTo("philips");
      assertThat(reader.pyramid().mpp()).isEqualTo(0.25);
      assertThat(reader.pyramid().levels())
          .extracting(PyramidLevel::width)
          .containsExactly(600, 300);
      PixelRegion region = reader.readRegion(RegionRequest.of(0, 130, 70, 300, 200));
      assertThat(region.pixels())
          .isEqualTo(PixelRegion.of(picture.getSubimage(130, 70, 300, 200), 3).pixels());
      assertThat(reader.readRegion(RegionRequest.of(1, 10, 10, 100, 50)).width()).isEqualTo(100);
    }
  }

  /**
   * Off local disk, the file is copied to the temp folder for OpenSlide, once per JVM: readers of
   * the same version share the copy, which outlives them for later readers; a changed file is
   * copied anew and its old copy removed; with nothing to keep, the copy goes with its last reader.
   */
  @Test
  void aVendorFileElsewhereIsStagedOncePerJvmAndVersion() throws Exception {
    Path philips = philips(TestImages.pattern(300, 200, BufferedImage.TYPE_3BYTE_BGR));
    String name = philips.getFileName().toString();
    var uri = java.net.URI.create("elsewhere://" + philips.toUri().getPath());
    Path staged;
    try (SlideReader a = SlideReaders.open(uri, CONF);
        SlideReader b = SlideReaders.open(uri, CONF)) {
      assertThat(stagedCopies(name)).hasSize(1);
      staged = stagedCopies(name).get(0);
      assertThat(a.source()).isEqualTo(uri.toString());
      assertThat(a.readRegion(RegionRequest.of(0, 0, 0, 300, 200)).pixels())
          .isEqualTo(b.readRegion(RegionRequest.of(0, 0, 0, 300, 200)).pixels());
    }
    var copied = Files.getLastModifiedTime(staged);
    try (SlideReader again = SlideReaders.open(uri, CONF)) {
      assertThat(stagedCopies(name)).containsExactly(staged);
      assertThat(Files.getLastModifiedTime(staged)).isEqualTo(copied);
    }

    BufferedImage changed = TestImages.pattern(300, 210, BufferedImage.TYPE_3BYTE_BGR);
    assertThat(philips(changed)).isEqualTo(philips); // the same name, other contents
    Files.setLastModifiedTime(
        philips, java.nio.file.attribute.FileTime.fromMillis(copied.toMillis() + 60_000));
    Configuration keepNone = new Configuration(CONF);
    keepNone.setLong(StagedSlides.KEEP_KEY, 0);
    try (SlideReader reader = SlideReaders.open(uri, keepNone)) {
      assertThat(staged).doesNotExist();
      assertThat(stagedCopies(name)).hasSize(1);
      assertThat(reader.readRegion(RegionRequest.of(0, 0, 0, 300, 200)).pixels())
          .isEqualTo(PixelRegion.of(changed.getSubimage(0, 0, 300, 200), 3).pixels());
    }
    assertThat(stagedCopies(name)).isEmpty();

    Configuration small = new Configuration(CONF);
    small.setLong(LocalSlideFile.STAGE_LIMIT_KEY, 1000);
    assertThatThrownBy(() -> SlideReaders.open(uri, small))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("OpenSlide reads only local files")
        .hasMessageContaining(LocalSlideFile.STAGE_LIMIT_KEY);
  }

  /** Where OpenSlide is missing, a vendor's file fails with what to install. */
  @Test
  void withoutOpenSlideAVendorFileSaysWhatToInstall() throws Exception {
    Path philips = philips(TestImages.pattern(300, 200, BufferedImage.TYPE_3BYTE_BGR));
    assertThat(OpenSlideLibrary.load("no-such-library-slideseg")).isEmpty();
    FileStatus status =
        new org.apache.hadoop.fs.Path(philips.toUri())
            .getFileSystem(CONF)
            .getFileStatus(new org.apache.hadoop.fs.Path(philips.toUri()));
    assertThatThrownBy(
            () ->
                SlideReaders.openWithOpenSlide(
                    status,
                    philips.toString(),
                    new UnknownFormatException(philips + ": a Philips TIFF file", "Philips TIFF"),
                    CONF,
                    Optional.empty()))
        .isInstanceOf(UnknownFormatException.class)
        .hasMessageContaining("Philips TIFF")
        .hasMessageContaining("apt-get install libopenslide0");
  }

  /**
   * Our TIFF reader against OpenSlide on the same plain pyramid: the same levels, and equal pixels
   * on the levels of whole-number downsamples.
   */
  @Test
  void ourTiffReaderGivesOpenSlidesPixels() throws Exception {
    Path png =
        TestImages.writePng(
            TestImages.pattern(1100, 700, BufferedImage.TYPE_3BYTE_BGR), dir.resolve("p.png"));
    Path tiff =
        TestImages.vipsTiffsave(
            png, dir.resolve("plain.tif"), "--tile", "--pyramid", "--compression", "deflate");
    OpenSlideLibrary.C c = OpenSlideLibrary.get().orElseThrow();
    try (SlideReader ours = SlideReaders.open(tiff.toUri(), CONF);
        SlideReader openSlide = new OpenSlideReader("plain.tif", c, tiff.toString(), () -> {})) {
      assertThat(ours).isInstanceOf(TiffSlideReader.class);
      assertThat(openSlide.pyramid().levels())
          .extracting(l -> l.width() + "x" + l.height())
          .isEqualTo(
              ours.pyramid().levels().stream().map(l -> l.width() + "x" + l.height()).toList());
      // Levels whose downsample is a whole number: OpenSlide places regions in level-0 pixels.
      for (int level = 0; level < 3; level++) {
        PyramidLevel l = ours.pyramid().level(level);
        var region = RegionRequest.of(level, l.width() / 5, l.height() / 7, l.width() / 2, 100);
        assertThat(ours.readRegion(region).pixels())
            .as("level %d", level)
            .isEqualTo(openSlide.readRegion(region).pixels());
      }
    }
  }

  private Path philips(BufferedImage picture) throws Exception {
    Path png = TestImages.writePng(picture, dir.resolve("picture.png"));
    Path out = dir.resolve("scan-" + picture.getWidth() + ".tiff");
    Path script = Path.of(getClass().getResource("/philips_tiff.py").toURI());
    TestImages.run("/usr/bin/python3", script.toString(), png.toString(), out.toString());
    return out;
  }

  private static java.util.List<Path> stagedCopies(String name) throws Exception {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(
              f -> f.getFileName().toString().matches("slideseg-[0-9]+-staged-[0-9a-f]+-" + name))
          .toList();
    }
  }
}
