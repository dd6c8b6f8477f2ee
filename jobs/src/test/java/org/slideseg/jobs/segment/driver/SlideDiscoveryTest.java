package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.slide.SampleWindow;
import org.slideseg.common.slide.SlideFormatException;
import org.slideseg.jobs.console.UsageException;
import org.slideseg.jobs.segment.records.SlideRef;
import org.slideseg.jobs.segment.records.SourceVersion;

class SlideDiscoveryTest {
  private static final SourceVersion ANY = new SourceVersion(1, 1, "");

  @TempDir Path dir;

  @Test
  void idsKeepOnlySafeCharactersOfTheName() {
    assertThat(SlideRef.nameOf("case 12 (HE).svs")).isEqualTo("case_12__HE_");
    assertThat(SlideRef.nameOf("../../etc.tif")).isEqualTo("etc");
    assertThat(SlideRef.nameOf("_hidden.ome.tiff")).isEqualTo("hidden");
    assertThat(SlideRef.nameOf("....tif")).isEqualTo("slide");
    assertThat(SlideRef.nameOf("\uD83E\uDDEB\uD83E\uDDEB.tif")).isEqualTo("slide");
  }

  @Test
  void theSameNameInTwoFoldersGivesTwoIdsInAnyRun() {
    SlideRef a = SlideRef.of(URI.create("file:/dirA/same.tif"), ANY);
    SlideRef b = SlideRef.of(URI.create("file:/dirB/same.tif"), ANY);
    assertThat(a.slideId()).matches("same-[0-9a-f]{12}");
    assertThat(b.slideId()).matches("same-[0-9a-f]{12}").isNotEqualTo(a.slideId());
  }

  @Test
  void theSameSourceAlwaysGetsTheSameId() {
    SlideRef once = SlideRef.of(URI.create("s3a://lab/scans/x.svs"), ANY);
    SlideRef again = SlideRef.of(URI.create("s3a://lab/scans/x.svs"), new SourceVersion(9, 9, "e"));
    assertThat(again.slideId()).isEqualTo(once.slideId());
  }

  @Test
  void everySpellingOfAFileGivesOneUriAndOneId() {
    List<String> local =
        List.of(
            "file:/data/scans/a.tif",
            "file:///data/scans/a.tif",
            "file:///data//scans/a.tif",
            "file:///data/./x/../scans/a.tif",
            "FILE:///data/scans/a.tif");
    assertThat(local)
        .extracting(u -> SlideRef.of(URI.create(u), ANY))
        .extracting(SlideRef::uri, SlideRef::slideId)
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(
                URI.create("file:///data/scans/a.tif"),
                SlideRef.of(URI.create("file:///data/scans/a.tif"), ANY).slideId()));
    List<String> s3 =
        List.of("s3a://lab/scans/x.svs", "s3a://lab/scans//x.svs", "S3A://lab/scans/x.svs");
    assertThat(s3)
        .extracting(u -> SlideRef.of(URI.create(u), ANY).uri())
        .containsOnly(URI.create("s3a://lab/scans/x.svs"));
  }

  @Test
  void aGlobADirectoryAPathAndAListNameOneFileOnce() throws Exception {
    Files.writeString(dir.resolve("a.tif"), "x");
    Path list = Files.writeString(dir.resolve("list.txt"), dir.toUri() + "a.tif\n");
    Configuration conf = new Configuration();
    SlideRef byGlob =
        SlideDiscovery.discover(List.of(dir.resolve("*.tif").toString()), conf).get(0);
    SlideRef byFolder = SlideDiscovery.discover(List.of(dir.toString()), conf).get(0);
    SlideRef byPath =
        SlideDiscovery.discover(List.of(dir.resolve("a.tif").toString()), conf).get(0);
    SlideRef byList = SlideDiscovery.discover(List.of("@" + list), conf).get(0);

    assertThat(List.of(byFolder, byPath, byList)).allSatisfy(r -> assertThat(r).isEqualTo(byGlob));
    assertThat(
            SlideDiscovery.discover(
                List.of(dir.resolve("*.tif").toString(), dir.toString(), "@" + list), conf))
        .containsExactly(byGlob);
  }

  @Test
  void theIdAnOlderVersionGaveAGlobMatchIsItsLegacyId() {
    SlideRef ref = SlideRef.of(URI.create("file:///data/scans/a.tif"), ANY);
    // slideseg 0.1 hashed Hadoop's spelling of a glob match, file:/data/scans/a.tif.
    assertThat(ref.legacyIds())
        .singleElement()
        .isNotEqualTo(ref.slideId())
        .asString()
        .startsWith("a-");
    assertThat(SlideRef.of(URI.create("s3a://lab/scans/x.svs"), ANY).legacyIds()).isEmpty();
  }

  /** Letters and digits of any script stay, composed (NFC), as file systems and S3 keep them. */
  @Test
  void lettersOfAnyScriptStayInIds() {
    assertThat(SlideRef.nameOf("ü.tif")).isEqualTo("ü");
    assertThat(SlideRef.nameOf("u\u0308ber.tif")).isEqualTo("über"); // decomposed, as macOS names
    assertThat(SlideRef.nameOf("細胞 ٣.svs")).isEqualTo("細胞_٣");
    assertThat(SlideRef.of(URI.create("file:/in/%C3%BC.tif"), ANY).slideId())
        .matches("ü-[0-9a-f]{12}");
  }

  /** slideseg 0.1 gave non-ASCII names an id of ASCII alone: its outputs are replaced, not kept. */
  @Test
  void theAsciiIdAnOlderVersionGaveIsALegacyId() {
    SlideRef ref = SlideRef.of(URI.create("s3a://lab/in/%C3%BC.tif"), ANY);
    assertThat(ref.legacyIds()).singleElement().asString().matches("slide-[0-9a-f]{12}");
    assertThat(ref.legacyIds().get(0))
        .endsWith(ref.slideId().substring(ref.slideId().length() - 12));
  }

  /**
   * Names that are globs, URI escapes or options to other tools: a folder takes them all, and each
   * named as written, or by its file: URI, is that file alone, with the folder's id; a path that
   * exists as written wins over its glob reading, as in shells.
   */
  @Test
  void aPathThatExistsAsWrittenWinsOverItsGlobReading() throws Exception {
    Path in = Files.createDirectories(dir.resolve("names"));
    List<String> names =
        List.of(
            "a[1].tif",
            "b?.tif",
            "bx.tif",
            "c%20d.tif",
            "-e.tif",
            "f#g.tif",
            "h i.tif",
            "ü.tif",
            "*star.tif");
    for (String name : names) {
      Files.writeString(in.resolve(name), name);
    }
    Configuration conf = new Configuration();
    List<SlideRef> all = SlideDiscovery.discover(List.of(in.toString()), conf);
    assertThat(all).hasSize(names.size());

    for (String name : names) {
      SlideRef one = SlideDiscovery.discover(List.of(in.resolve(name).toString()), conf).get(0);
      assertThat(SlideDiscovery.discover(List.of(in.resolve(name).toString()), conf))
          .as(name)
          .containsExactly(one);
      assertThat(all).as(name).contains(one);
      assertThat(new org.apache.hadoop.fs.Path(one.uri()).getName()).isEqualTo(name);
      SlideRef byUri =
          SlideDiscovery.discover(List.of(in.resolve(name).toUri().toString()), conf).get(0);
      assertThat(byUri).as(in.resolve(name).toUri().toString()).isEqualTo(one);
    }
    assertThat(SlideDiscovery.discover(List.of(in.resolve("b*.tif").toString()), conf))
        .hasSize(2); // a glob where nothing exists as written
  }

  /**
   * One file named twice in a list, through a symbolic link and directly, is segmented once, under
   * the first spelling's id.
   */
  @Test
  void aFileNamedTwiceThroughALinkIsTakenOnce() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Files.writeString(real.resolve("a.tif"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    Path list =
        Files.writeString(
            dir.resolve("twice.txt"),
            link.resolve("a.tif")
                + "\n"
                + real.toUri()
                + "./a.tif\n"
                + real.resolve("a.tif")
                + "\n");

    List<SlideRef> refs = SlideDiscovery.discover(List.of("@" + list), new Configuration());

    assertThat(refs)
        .singleElement()
        .extracting(SlideRef::uri)
        .isEqualTo(URI.create("file://" + link.resolve("a.tif")));
    assertThat(
            SlideDiscovery.discover(List.of(link.toString(), real.toString()), new Configuration()))
        .hasSize(1);
  }

  /** Results are never reported for a version of a slide other than the one discovered. */
  @Test
  void aSlideThatChangedSinceDiscoveryFailsNamingItAndBothVersions() throws Exception {
    Configuration conf = new Configuration();
    Path f = Files.writeString(dir.resolve("moving.png"), "x");
    SlideRef ref = SlideDiscovery.discover(List.of(f.toString()), conf).get(0);
    Files.writeString(f, "longer now");

    assertThatThrownBy(() -> ref.open(SampleWindow.FULL_RANGE, conf))
        .isInstanceOf(SlideFormatException.class)
        .hasMessageStartingWith(
            ref.uri() + " changed while this run was using it (found at the start: ")
        .hasMessageContaining("; now 10 bytes, modified ")
        .hasMessageEndingWith("run again to segment the new version");
  }

  @Test
  void emojiOnlyNamesStillGetDistinctIds() {
    SlideRef a = SlideRef.of(URI.create("file:/in/%F0%9F%A7%AB.tif"), ANY);
    SlideRef b = SlideRef.of(URI.create("file:/in/%F0%9F%A7%AA.tif"), ANY);
    assertThat(a.slideId()).startsWith("slide-").isNotEqualTo(b.slideId());
  }

  @Test
  void numericNamesGiveIdsThatAreNotNumbers() {
    for (String name : List.of("001.tif", "1.tif", "1e5.png", "2021-01-01.tif")) {
      String id = SlideRef.of(URI.create("file:/in/" + name), ANY).slideId();
      assertThat(id).contains("-");
      assertThat(id.replaceAll("[0-9]", "")).isNotEmpty();
    }
  }

  @Test
  void expandsDirectoriesGlobsAndListFilesWithoutDuplicates() throws Exception {
    Files.writeString(dir.resolve("a.tif"), "x");
    Files.writeString(dir.resolve("b.svs"), "x");
    Files.writeString(dir.resolve(".hidden.tif"), "x");
    Path list =
        Files.writeString(dir.resolve("list.txt"), "# slides\n" + dir.resolve("a.tif") + "\n");
    List<SlideRef> refs =
        SlideDiscovery.discover(
            List.of(dir.resolve("*.tif").toString(), "@" + list, dir.resolve("b.svs").toString()),
            new Configuration());
    assertThat(refs)
        .extracting(r -> r.slideId().replaceAll("-[0-9a-f]{12}$", ""))
        .containsExactly("a", "b");
    assertThat(refs.get(0).version().length()).isEqualTo(1);
  }

  @Test
  void aDirectorySkipsFilesThatAreNotImages() throws Exception {
    Files.writeString(dir.resolve("scan.svs"), "x");
    Files.writeString(dir.resolve("README.txt"), "x");
    Files.writeString(dir.resolve("results.csv"), "x");
    List<SlideRef> refs = SlideDiscovery.discover(List.of(dir.toString()), new Configuration());
    assertThat(refs)
        .extracting(r -> new org.apache.hadoop.fs.Path(r.uri()).getName())
        .containsExactly("scan.svs");
  }

  @Test
  void aMissingListFileIsAUsageError() {
    assertThatThrownBy(
            () ->
                SlideDiscovery.discover(
                    List.of("@" + dir.resolve("nope.txt")), new Configuration()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("nope.txt")
        .hasMessageContaining("does not exist");
  }
}
