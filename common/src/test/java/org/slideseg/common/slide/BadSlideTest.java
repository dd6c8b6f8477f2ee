package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files that are not readable slides fail with a {@link SlideFormatException} naming the file and
 * the problem, when opened, before anyone plans work on what their headers claim.
 */
class BadSlideTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path dir;

  @Test
  void aHeaderClaimingMoreTilesThanItListsIsRefused() throws Exception {
    Path tiff = tinyTiff("million.tif", 1_000_000, 1_000_000, 256, 256, 8, new long[] {100}, 200);
    assertThat(Files.size(tiff)).isLessThan(400);
    assertThatThrownBy(() -> SlideReaders.open(tiff.toUri(), CONF).close())
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("million.tif")
        .hasMessageContaining("1000000 x 1000000")
        .hasMessageContaining("lists 1");
  }

  @Test
  void aHeaderClaimingMorePixelsThanItsBytesCanHoldIsRefused() throws Exception {
    long[] counts = new long[16];
    Arrays.fill(counts, 10);
    Path tiff = tinyTiff("claims.tif", 65536, 65536, 16384, 16384, 8, counts, 400);
    assertThatThrownBy(() -> SlideReaders.open(tiff.toUri(), CONF).close())
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("claims.tif")
        .hasMessageContaining("claims 65536 x 65536 pixels")
        .hasMessageContaining("only 160 bytes");
  }

  @Test
  void aTileTooLargeToDecodeIsRefusedWithoutOverflow() throws Exception {
    Path tiff =
        tinyTiff("huge-tile.tif", 100_000, 100_000, 100_000, 100_000, 1, new long[] {100}, 200);
    assertThatThrownBy(() -> SlideReaders.open(tiff.toUri(), CONF).close())
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("huge-tile.tif")
        .hasMessageContaining("100000 x 100000 pixels are too large to decode")
        .hasMessageNotContaining("1410065408");
  }

  @Test
  void aTileOutsideTheFileIsRefusedAtOpen() throws Exception {
    Path tiff = tinyTiff("outside.tif", 256, 256, 256, 256, 1, new long[] {65536}, 200);
    assertThatThrownBy(() -> SlideReaders.open(tiff.toUri(), CONF).close())
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("outside.tif")
        .hasMessageContaining("lies outside the file");
  }

  @Test
  void garbageAfterATiffSignatureIsNotCalledATiffCompression() throws Exception {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    junk[0] = 'I';
    junk[1] = 'I';
    junk[2] = 42;
    junk[3] = 0;
    ByteBuffer.wrap(junk, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(8);
    ByteBuffer.wrap(junk, 8, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 3);
    Path file = Files.write(dir.resolve("random.tif"), junk);
    assertThatThrownBy(() -> SlideReaders.open(file.toUri(), CONF).close())
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("random.tif")
        .hasMessageNotContaining("TIFF compression 5")
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("not a valid TIFF", "corrupt"));
  }

  @Test
  void aTruncatedSlideSaysSo() throws Exception {
    Path tiff = vipsJpegSlide("cut.tif");
    byte[] bytes = Files.readAllBytes(tiff);
    Files.write(tiff, Arrays.copyOf(bytes, bytes.length / 3));
    assertThatThrownBy(() -> read(tiff, RegionRequest.of(0, 0, 0, 512, 512)))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("cut.tif")
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("truncated", "outside the file"));
  }

  @Test
  void aCorruptJpegTileNamesTheFileAndTheTile() throws Exception {
    Path tiff = vipsJpegSlide("bad-jpeg.tif");
    long offset;
    var local = org.apache.hadoop.fs.FileSystem.getLocal(CONF);
    try (var in =
        new HadoopImageInputStream(
            local.open(new org.apache.hadoop.fs.Path(tiff.toUri())), Files.size(tiff))) {
      offset = TiffIfd.readAll(in, "x").get(0).array(TiffIfd.TILE_OFFSETS)[1];
    }
    try (var f = new RandomAccessFile(tiff.toFile(), "rw")) {
      f.seek(offset);
      f.write(new byte[64]);
    }
    assertThatThrownBy(() -> read(tiff, RegionRequest.of(0, 0, 0, 512, 256)))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("bad-jpeg.tif")
        .hasMessageContaining("cannot decode tile 1 of level 0 (pixels 128,0)");
  }

  /**
   * A tile whose stored byte count was halved decodes to too few samples (or, in JPEG, ends before
   * its end marker): the read fails naming the file, the tile and the byte counts, where it would
   * otherwise give a tile half black or gray. libtiff refuses the same files, but for JPEG, where
   * it warns and fills the tile as the JDK's decoder does.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lzw", "deflate", "zstd", "jpeg"})
  void aTileCutShortFailsNamingTheTileAndItsBytes(String compression) throws Exception {
    Path png =
        TestImages.writePng(
            TestImages.pattern(512, 256, BufferedImage.TYPE_3BYTE_BGR), dir.resolve("p.png"));
    Path tiff =
        TestImages.vipsTiffsave(
            png,
            dir.resolve("short-" + compression + ".tif"),
            "--tile",
            "--tile-width",
            "128",
            "--tile-height",
            "128",
            "--compression",
            compression);
    read(tiff, RegionRequest.of(0, 0, 0, 512, 256)); // whole, it reads
    long stored = halveByteCount(tiff, 1);

    assertThatThrownBy(() -> read(tiff, RegionRequest.of(0, 0, 0, 512, 256)))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageStartingWith(tiff.toUri() + ": cannot decode tile 1 of level 0 (pixels 128,0): ")
        .hasMessageContaining("cut short: its " + stored / 2 + " stored bytes ");
    if (!compression.equals("jpeg")) {
      assertThatThrownBy(
              () ->
                  TestImages.run("vips", "copy", tiff + "[fail]", dir.resolve("copy.v").toString()))
          .hasMessageContaining("error in tile 128 x 0");
    }
  }

  /** Halves the TileByteCounts entry of tile {@code index} in a little-endian classic TIFF. */
  private static long halveByteCount(Path tiff, int index) throws Exception {
    try (var f = new RandomAccessFile(tiff.toFile(), "rw")) {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(tiff)).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(b.getShort(0)).isEqualTo((short) 0x4949);
      int ifd = b.getInt(4);
      for (int i = 0; i < b.getShort(ifd); i++) {
        int entry = ifd + 2 + 12 * i;
        if (b.getShort(entry) == 325) {
          assertThat(b.getShort(entry + 2)).as("LONG counts").isEqualTo((short) 4);
          int at = b.getInt(entry + 8) + 4 * index;
          long count = b.getInt(at) & 0xffffffffL;
          f.seek(at);
          f.write(
              ByteBuffer.allocate(4)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .putInt((int) (count / 2))
                  .array());
          return count;
        }
      }
    }
    throw new AssertionError(tiff + " has no TileByteCounts");
  }

  private static void read(Path slide, RegionRequest region) throws Exception {
    try (SlideReader r = SlideReaders.open(slide.toUri(), CONF)) {
      r.readRegion(region);
    }
  }

  private Path vipsJpegSlide(String name) throws Exception {
    BufferedImage image = TestImages.pattern(1024, 768, BufferedImage.TYPE_3BYTE_BGR);
    Path png = TestImages.writePng(image, dir.resolve(name + ".png"));
    return TestImages.vipsTiffsave(
        png, dir.resolve(name), "--tile", "--pyramid", "--compression", "jpeg");
  }

  /**
   * A little-endian TIFF of one 8-bit gray image whose tiles (or strip, when the tile is the whole
   * image) are {@code counts} long and all start at {@code dataOffset}.
   */
  private Path tinyTiff(
      String name, long w, long h, long tw, long th, int compression, long[] counts, int dataOffset)
      throws Exception {
    boolean tiled = tw < w || th < h;
    Map<Integer, long[]> tags = new TreeMap<>();
    tags.put(256, new long[] {w});
    tags.put(257, new long[] {h});
    tags.put(258, new long[] {8});
    tags.put(259, new long[] {compression});
    tags.put(262, new long[] {1});
    long[] offsets = new long[counts.length];
    Arrays.fill(offsets, dataOffset);
    if (tiled) {
      tags.put(322, new long[] {tw});
      tags.put(323, new long[] {th});
      tags.put(324, offsets);
      tags.put(325, counts);
    } else {
      tags.put(273, offsets);
      tags.put(278, new long[] {h});
      tags.put(279, counts);
    }
    ByteBuffer b = ByteBuffer.allocate(dataOffset + 64).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    b.putShort((short) tags.size());
    int arrays = 8 + 2 + tags.size() * 12 + 4;
    ByteArrayOutputStream extra = new ByteArrayOutputStream();
    for (var e : tags.entrySet()) {
      long[] v = e.getValue();
      b.putShort(e.getKey().shortValue()).putShort((short) 4).putInt(v.length);
      if (v.length == 1) {
        b.putInt((int) v[0]);
      } else {
        b.putInt(arrays + extra.size());
        ByteBuffer a = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
          a.putInt((int) x);
        }
        extra.write(a.array());
      }
    }
    b.putInt(0);
    b.put(extra.toByteArray());
    b.position(dataOffset);
    b.put(new byte[64]);
    return Files.write(dir.resolve(name), Arrays.copyOf(b.array(), b.position()));
  }
}
