package org.slideseg.common.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.mask.OmeZarrLabels;
import org.slideseg.common.model.ModelSpecJson;
import org.slideseg.common.zlib.Deflate;

/** A label image that is not what it should be fails naming the file and what is wrong with it. */
class ZarrLabelReaderTest {
  private static final int TILE = 32;

  @TempDir Path dir;

  @Test
  void aChunkNeverWrittenReadsAsTheFillValueAndAWrittenOneAsItsPixels() throws Exception {
    Path image = labelImage();
    byte[] chunk = new byte[TILE * TILE];
    Arrays.fill(chunk, (byte) 2);
    write(image.resolve("0/0/1"), Deflate.compress(chunk));
    try (SlideReader reader = open(image)) {
      assertThat(reader.pyramid().levels()).hasSize(2);
      byte[] row = reader.readRegion(RegionRequest.of(0, 24, 0, 24, 1)).pixels();
      assertThat(row)
          .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
    }
  }

  @Test
  void aCorruptChunkIsNamed() throws Exception {
    Path image = labelImage();
    write(image.resolve("0/0/0"), new byte[] {1, 2, 3, 4});
    try (SlideReader reader = open(image)) {
      assertThatThrownBy(() -> reader.readRegion(RegionRequest.of(0, 0, 0, 8, 8)))
          .isInstanceOf(SlideFormatException.class)
          .hasMessageContaining(image.resolve("0/0/0").toString())
          .hasMessageContaining("not a zlib stream");
    }
  }

  @Test
  void anArrayOfAnotherTypeIsRefusedNamingItsMetadata() throws Exception {
    Path image = labelImage();
    Path zarray = image.resolve("1/.zarray");
    Files.writeString(zarray, Files.readString(zarray).replace("|u1", "<u2"));
    assertThatThrownBy(() -> open(image))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining(zarray.toString())
        .hasMessageContaining("not a 2-D array of bytes");
  }

  @Test
  void aFolderWithoutLevelZeroIsNotALabelImage() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> open(empty))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageContaining("not a Zarr label image (no level 0/.zarray)");
  }

  /** The metadata of a 48 x 40 label image of two levels, and no chunk yet. */
  private Path labelImage() throws Exception {
    var spec =
        ModelSpecJson.parse(
            Files.readString(Path.of("../models/unet-isbi2012/model.json")), "model.json");
    var labels = OmeZarrLabels.of(spec, 48, 40, TILE, Double.NaN);
    Path container = dir.resolve("mask.ome.zarr");
    for (var file : labels.metadata().entrySet()) {
      write(container.resolve(file.getKey()), file.getValue());
    }
    return container.resolve(labels.image());
  }

  private static SlideReader open(Path image) throws Exception {
    return SlideReaders.openLabels(image.toUri(), new Configuration());
  }

  private static void write(Path file, byte[] data) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, data);
  }
}
