package org.slideseg.common.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.slide.PixelRegion;
import org.slideseg.common.slide.PyramidLevel;
import org.slideseg.common.slide.RegionRequest;
import org.slideseg.common.slide.SlideReader;
import org.slideseg.common.slide.SlideReaders;
import org.slideseg.common.slide.TestImages;

/** A pyramid compressed block by block and stitched equals the one written from rows. */
class BlockStitcherTest {
  private static final int TILE = 32;
  private static final String TWO_CLASSES =
      "{\"name\": \"two classes\", \"format\": \"torchscript\", \"file\": \"model.pt\","
          + " \"inputChannels\": 1, \"inputTile\": 572, \"outputTile\": 388, \"pooling\": 16,"
          + " \"normalize\": {\"scale\": 1, \"mean\": [0], \"std\": [1]},"
          + " \"activation\": \"softmax\", \"classes\": [\"cell\", \"membrane\"], \"colors\": [\"#00000000\", \"#ff2020\"]}";

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "300, 200, 1, NEAREST",
    "300, 200, 2, NEAREST",
    "300, 200, 3, MEAN",
    "257, 513, 2, MEAN",
    "100, 90, 6, NEAREST",
    "64, 64, 1, NEAREST",
    "700, 65, 2, NEAREST"
  })
  void stitchedBlocksEqualTheSerialPyramid(int w, int h, int blockLevels, Resampling resampling)
      throws Exception {
    Path serial = serial(w, h, resampling);
    Path stitched = stitched(new PyramidBlocks(w, h, TILE, blockLevels), resampling);
    assertSamePixelsAtEveryLevel(serial, stitched);
  }

  @Test
  void openSlideLibvipsAndTifffileSeeTheSamePixelsAtEveryLevel() throws Exception {
    int w = 1000;
    int h = 700;
    Path serial = serial(w, h, Resampling.NEAREST);
    Path stitched = stitched(new PyramidBlocks(w, h, TILE, 2), Resampling.NEAREST);
    int levels = TilePyramid.levelSizes(w, h, TILE).size();
    assertThat(levels).isEqualTo(6);
    for (int level = 0; level < levels; level++) {
      assertThat(vipsPage(stitched, level)).isEqualTo(vipsPage(serial, level));
      assertThat(openSlideLevel(stitched, level, w, h))
          .isEqualTo(openSlideLevel(serial, level, w, h));
    }
    String same =
        TestImages.run(
            "/usr/bin/python3",
            "-c",
            "import sys, tifffile, numpy\n"
                + "a, b = (tifffile.TiffFile(p) for p in sys.argv[1:])\n"
                + "assert len(a.pages) == len(b.pages) == "
                + levels
                + ", (len(a.pages), len(b.pages))\n"
                + "for p, q in zip(a.pages, b.pages):\n"
                + "    assert numpy.array_equal(p.asarray(), q.asarray()), p.shape\n"
                + "print('same', len(a.pages))\n",
            serial.toString(),
            stitched.toString());
    assertThat(same.trim()).isEqualTo("same " + levels);
  }

  @ParameterizedTest
  @CsvSource({"300, 200, 2", "1000, 700, 2", "100, 90, 6", "700, 65, 1"})
  void zarrChunksOfStitchedBlocksHoldTheSerialTiffsPixelsAtEveryLevel(int w, int h, int levels)
      throws Exception {
    Path serial = serial(w, h, Resampling.NEAREST);
    Path zarr = zarr(new PyramidBlocks(w, h, TILE, levels), Double.NaN);
    var conf = new Configuration();
    try (SlideReader tiff = SlideReaders.openLabels(serial.toUri(), conf);
        SlideReader chunks = SlideReaders.openLabels(zarr.toUri(), conf)) {
      List<PyramidLevel> all = chunks.pyramid().levels();
      assertThat(all).hasSize(TilePyramid.levelSizes(w, h, TILE).size());
      // Our TIFF reader leaves out levels whose shape strays from level 0's (a tiny top level).
      for (int level = 0; level < tiff.pyramid().levels().size(); level++) {
        PyramidLevel size = tiff.pyramid().level(level);
        int same = all.indexOf(size);
        assertThat(same).as("a Zarr level of %s", size).isNotNegative();
        var region = RegionRequest.of(level, 0, 0, size.width(), size.height());
        assertThat(
                chunks
                    .readRegion(RegionRequest.of(same, 0, 0, size.width(), size.height()))
                    .pixels())
            .as("level %d", level)
            .isEqualTo(tiff.readRegion(region).pixels());
      }
    }
  }

  @Test
  void zarrsOwnReaderSeesTheTiffsPixelsAtEveryLevelAndItsMetadata() throws Exception {
    int w = 1000;
    int h = 700;
    Path serial = serial(w, h, Resampling.NEAREST);
    Path image = zarr(new PyramidBlocks(w, h, TILE, 2), 0.25);
    String checked =
        TestImages.run(
            "/usr/bin/python3",
            "-c",
            "import sys, json, tifffile, numpy, zarr\n"
                + "tif, image = tifffile.TiffFile(sys.argv[1]), zarr.open_group(sys.argv[2], 'r')\n"
                + "scales = json.load(open(sys.argv[2] + '/.zattrs'))['multiscales'][0]['datasets']\n"
                + "assert len(tif.pages) == len(scales), (len(tif.pages), len(scales))\n"
                + "for i, page in enumerate(tif.pages):\n"
                + "    a = image[scales[i]['path']]\n"
                + "    assert a.dtype == numpy.uint8 and a.chunks == (32, 32), (a.dtype, a.chunks)\n"
                + "    assert numpy.array_equal(a[:], page.asarray()), i\n"
                + "    s = scales[i]['coordinateTransformations'][0]['scale']\n"
                + "    assert s == [0.25 * 2 ** i] * 2, s\n"
                + "print('same', len(scales))\n",
            serial.toString(),
            image.toString());
    assertThat(checked.trim()).isEqualTo("same " + TilePyramid.levelSizes(w, h, TILE).size());
  }

  /** The blocks' chunks and the stitched levels above, with the label image's metadata. */
  private Path zarr(PyramidBlocks blocks, double mpp) throws Exception {
    Path container = dir.resolve("mask-" + blocks.blockLevels() + ".ome.zarr");
    var spec = ModelSpecJson.parse(TWO_CLASSES, "test");
    var labels = OmeZarrLabels.of(spec, blocks.width(), blocks.height(), TILE, mpp);
    TilePyramid.TileSink sink =
        (level, column, row, data) ->
            write(container.resolve(labels.chunk(level, column, row)), data);
    var chunks = new PyramidChunks(blocks.width(), blocks.height(), TILE, Resampling.NEAREST, sink);
    var stitcher = new BlockStitcher(chunks, blocks);
    for (EncodedBlock b : encode(blocks, Resampling.NEAREST)) {
      stitcher.add(b);
    }
    stitcher.finish();
    chunks.finish();
    for (var file : labels.metadata().entrySet()) {
      write(container.resolve(file.getKey()), file.getValue());
    }
    return container.resolve(labels.image());
  }

  private static void write(Path file, byte[] data) throws java.io.IOException {
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.write(file, data);
  }

  @Test
  void aMissingBlockIsNamed() throws Exception {
    var blocks = new PyramidBlocks(100, 100, TILE, 2);
    List<EncodedBlock> encoded = encode(blocks, Resampling.NEAREST);
    var writer = writer(dir.resolve("gap.tif"), 100, 100, Resampling.NEAREST);
    var stitcher = new BlockStitcher(writer, blocks);
    stitcher.add(encoded.get(0));

    assertThatThrownBy(() -> stitcher.add(encoded.get(2)))
        .hasMessageContaining("mask block 1 (pixels from 64,0) has no tiles");
    assertThatThrownBy(writer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mask incomplete");
  }

  @Test
  void blocksAreAsLargeAsTheTaskCountAllows() {
    assertThat(PyramidBlocks.atLeast(16384, 16384, 256, 4).side()).isEqualTo(8192);
    assertThat(PyramidBlocks.atLeast(16384, 16384, 256, 64).side()).isEqualTo(2048);
    assertThat(PyramidBlocks.atLeast(2048, 2048, 256, 1).builtLevels()).isEqualTo(4);
    assertThat(PyramidBlocks.atLeast(300, 300, 256, 1000).side()).isEqualTo(256);
    assertThat(new PyramidBlocks(1000, 700, 256, 2).overlapping(500, 500, 30, 30))
        .containsExactly(0, 1, 2, 3);
  }

  private Path serial(int w, int h, Resampling resampling) throws Exception {
    Path file = dir.resolve("serial-" + w + "x" + h + "-" + resampling + ".tif");
    try (var writer = writer(file, w, h, resampling)) {
      byte[] rows = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          rows[y * w + x] = value(x, y);
        }
      }
      writer.writeRows(rows, h);
    }
    return file;
  }

  private Path stitched(PyramidBlocks blocks, Resampling resampling) throws Exception {
    Path file = dir.resolve("stitched-" + blocks.blockLevels() + "-" + resampling + ".tif");
    try (var writer = writer(file, blocks.width(), blocks.height(), resampling)) {
      var stitcher = new BlockStitcher(writer, blocks);
      for (EncodedBlock b : encode(blocks, resampling)) {
        stitcher.add(b);
      }
      stitcher.finish();
    }
    return file;
  }

  /** Each block from its own rows, in uneven batches. */
  private static List<EncodedBlock> encode(PyramidBlocks blocks, Resampling resampling)
      throws Exception {
    List<EncodedBlock> out = new ArrayList<>();
    for (int b = 0; b < blocks.count(); b++) {
      var encoder = new BlockEncoder(blocks, b, resampling);
      int bw = blocks.width(b);
      int bh = blocks.height(b);
      byte[] pixels = new byte[bw * bh];
      for (int y = 0; y < bh; y++) {
        for (int x = 0; x < bw; x++) {
          pixels[y * bw + x] = value(blocks.x(b) + x, blocks.y(b) + y);
        }
      }
      for (int y = 0; y < bh; y += 7) {
        encoder.addRows(pixels, y * bw, bw, Math.min(7, bh - y));
      }
      out.add(encoder.finish());
    }
    return out;
  }

  private static PyramidTiffWriter writer(Path file, int w, int h, Resampling resampling)
      throws Exception {
    return new PyramidTiffWriter(file, w, h, TILE, resampling, TiffMetadata.NONE);
  }

  private static byte value(int x, int y) {
    return (byte) ((x * 7 + y * 13 + (x * y) % 11) % 251);
  }

  private static void assertSamePixelsAtEveryLevel(Path a, Path b) throws Exception {
    var conf = new Configuration();
    try (SlideReader ra = SlideReaders.open(a.toUri(), conf);
        SlideReader rb = SlideReaders.open(b.toUri(), conf)) {
      assertThat(rb.pyramid().levels()).isEqualTo(ra.pyramid().levels());
      for (int level = 0; level < ra.pyramid().levels().size(); level++) {
        var size = ra.pyramid().level(level);
        PixelRegion pa = ra.readRegion(RegionRequest.of(level, 0, 0, size.width(), size.height()));
        PixelRegion pb = rb.readRegion(RegionRequest.of(level, 0, 0, size.width(), size.height()));
        assertThat(pb.pixels()).as("level %d", level).isEqualTo(pa.pixels());
      }
    }
  }

  private byte[] vipsPage(Path tiff, int page) throws Exception {
    Path png = dir.resolve(tiff.getFileName() + "-vips-" + page + ".png");
    TestImages.run("vips", "copy", tiff + "[page=" + page + "]", png.toString());
    return pixels(png);
  }

  private byte[] openSlideLevel(Path tiff, int level, int w, int h) throws Exception {
    Path png = dir.resolve(tiff.getFileName() + "-openslide-" + level + ".png");
    int lw = (int) Math.ceil(w / Math.pow(2, level));
    int lh = (int) Math.ceil(h / Math.pow(2, level));
    TestImages.run(
        "openslide-write-png",
        tiff.toString(),
        "0",
        "0",
        Integer.toString(level),
        Integer.toString(lw),
        Integer.toString(lh),
        png.toString());
    return pixels(png);
  }

  private static byte[] pixels(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    byte[] out = new byte[argb.length];
    for (int i = 0; i < argb.length; i++) {
      out[i] = (byte) argb[i];
    }
    return out;
  }
}
