package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.segment.TestJob;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.TestSpark;

/**
 * --mask-format on a real run: a three-class model (the no-op network with a 1 x 1 head) segments a
 * slide whose mask is cut into six blocks, whose tasks write the chunks of levels 0 and 1 while the
 * slide's task makes levels 2 and 3. Debian's python3-zarr reads the label image, tifffile the TIFF
 * of the same run, and the metadata is checked against OME-NGFF 0.4's rules.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OmeZarrMasksTest {
  private static final String LABEL = "unet-isbi2012-membranes";

  @TempDir static Path dir;
  @RegisterExtension static final TestSpark SPARK = new TestSpark("local[2]");

  private static String id;

  @BeforeAll
  static void segmentIntoBothFormats() throws Exception {
    TestSlides.gradientWithThreeClassModel(dir);
    assertThat(run(both(), "--mask-format", "both").failures()).isEmpty();
    id = slide(both()).getAs("slide_id");
  }

  /** Every level of the label image holds the TIFF's labels there; its metadata is OME-NGFF's. */
  @Test
  @Order(1)
  void theLabelImageHoldsTheTiffsLabelsAtEveryLevelAndValidates() throws Exception {
    Path container = both().resolve("masks/" + id + ".ome.zarr");
    String report =
        TestSlides.run(
            "/usr/bin/python3",
            "-c",
            """
            import sys, glob, json, numpy as np, tifffile, zarr, jsonschema
            container, tif, schemas = sys.argv[1:]
            labels = json.load(open(container + '/labels/.zattrs'))['labels']
            image = container + '/labels/' + labels[0]
            attrs = json.load(open(image + '/.zattrs'))
            # Every schema in the folder; their $ids resolve there, never over the network.
            schemas = [json.load(open(f)) for f in sorted(glob.glob(schemas + '/*.schema*'))]
            store = {s['$id']: s for s in schemas if '$id' in s}
            for s in schemas:
                resolver = jsonschema.RefResolver.from_schema(s, store=store)
                jsonschema.validators.validator_for(s)(s, resolver=resolver).validate(attrs)
            ms = attrs['multiscales'][0]
            group = zarr.open_group(image, mode='r')
            with tifffile.TiffFile(tif) as t:
                pages = [p.asarray() for p in t.pages]
            assert len(ms['datasets']) == len(pages), (len(ms['datasets']), len(pages))
            for k, d in enumerate(ms['datasets']):
                a = group[d['path']]
                assert a.dtype == np.uint8 and a.chunks == (256, 256), (a.dtype, a.chunks)
                assert np.array_equal(a[:], pages[k]), k
                scale = d['coordinateTransformations'][0]['scale']
                assert scale == [2.0 ** k] * len(ms['axes']), scale
            il = attrs['image-label']
            print(labels, len(pages), pages[0].shape, sorted(np.unique(pages[0]).tolist()))
            print(len(schemas) > 0)
            print([c['rgba'] for c in il['colors']], [p['class'] for p in il['properties']])
            """,
            container.toString(),
            both().resolve("masks/" + id + ".tif").toString(),
            Path.of("src/test/resources/ome-ngff").toString());
    assertThat(report.lines().toList())
        .containsExactly(
            "['"
                + LABEL
                + "'] 4 ("
                + TestSlides.GRADIENT_HEIGHT
                + ", "
                + TestSlides.GRADIENT_WIDTH
                + ") [1, 2]",
            "True",
            "[[0, 0, 0, 0], [255, 32, 32, 255], [32, 32, 255, 255]]"
                + " ['background', 'membrane', 'cell']");
  }

  /**
   * Without a TIFF the run writes the same label image, byte for byte, and the same preview; the
   * slides table points at the label image.
   */
  @Test
  @Order(2)
  void anOmeZarrOnlyRunWritesTheSameLabelImageAndPreviewWithoutATiff() throws Exception {
    assertThat(run(zarrOnly(), "--mask-format", "ome-zarr").failures()).isEmpty();
    assertThat(files(zarrOnly().resolve("masks/" + id + ".ome.zarr")))
        .isEqualTo(files(both().resolve("masks/" + id + ".ome.zarr")))
        .hasSizeGreaterThan(20);
    assertThat(zarrOnly().resolve("masks/" + id + ".tif")).doesNotExist();
    assertThat(zarrOnly().resolve("masks/" + id + ".preview.png"))
        .hasSameBinaryContentAs(both().resolve("masks/" + id + ".preview.png"));
    Row row = slide(zarrOnly());
    assertThat(row.isNullAt(row.fieldIndex("mask_uri"))).isTrue();
    assertThat(row.<String>getAs("labels_uri"))
        .endsWith("masks/" + id + ".ome.zarr/labels/" + LABEL);
    assertThat(slide(both()).<String>getAs("mask_uri")).endsWith("masks/" + id + ".tif");
  }

  /**
   * A re-run reuses the slide; after a crash that left the label image unfinished (no completion
   * record, no multiscales, a chunk of an earlier, larger mask), the slide is segmented again and
   * the container holds this run's files only.
   */
  @Test
  @Order(3)
  void aReRunReusesAndAnUnfinishedLabelImageIsRedoneWhole() throws Exception {
    assertThat(run(zarrOnly(), "--mask-format", "ome-zarr").table(10)).contains("OK reused");
    Path container = zarrOnly().resolve("masks/" + id + ".ome.zarr");
    Map<String, String> finished = files(container);
    Files.delete(zarrOnly().resolve("_done/" + id + ".json"));
    Files.delete(container.resolve("labels/" + LABEL + "/.zattrs"));
    Path stale = container.resolve("labels/" + LABEL + "/0/9/9");
    Files.createDirectories(stale.getParent());
    Files.write(stale, new byte[] {1, 2, 3});

    assertThat(run(zarrOnly(), "--mask-format", "ome-zarr").table(10)).doesNotContain("reused");
    assertThat(stale).doesNotExist();
    assertThat(files(container)).isEqualTo(finished);
  }

  /** A TIFF-only run into the same output removes the label image, which would pass for its own. */
  @Test
  @Order(4)
  void aTiffOnlyRunRemovesTheEarlierLabelImage() throws Exception {
    assertThat(run(zarrOnly()).table(10)).doesNotContain("reused");
    assertThat(zarrOnly().resolve("masks/" + id + ".ome.zarr")).doesNotExist();
    assertThat(zarrOnly().resolve("masks/" + id + ".tif"))
        .hasSameBinaryContentAs(both().resolve("masks/" + id + ".tif"));
    assertThat(slide(zarrOnly()).<String>getAs("labels_uri")).isNull();
  }

  /** The output of the run that writes both formats. */
  private static Path both() {
    return dir.resolve("both");
  }

  /** The output of the runs that write OME-Zarr alone, then a TIFF alone. */
  private static Path zarrOnly() {
    return dir.resolve("zarr-only");
  }

  /** Every file under {@code folder}, by relative path, sorted, with its bytes' SHA-256. */
  private static Map<String, String> files(Path folder) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (var walk = Files.walk(folder)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        out.put(folder.relativize(f).toString(), HexFormat.of().formatHex(digest));
      }
    }
    return out;
  }

  private static Row slide(Path out) {
    List<Row> rows =
        SPARK.session().read().parquet(out.resolve("slides").toString()).collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static RunSummary run(Path out, String... flags) throws Exception {
    return TestJob.run(
        SPARK.session(), dir.resolve("in").toString(), dir.resolve("model"), out, flags);
  }
}
