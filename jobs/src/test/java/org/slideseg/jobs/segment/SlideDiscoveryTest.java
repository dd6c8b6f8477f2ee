package org.slideseg.jobs.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlideDiscoveryTest {
  @TempDir Path dir;

  @Test
  void idsKeepOnlySafeCharacters() {
    assertThat(SlideRef.idFromName("case 12 (HE).svs")).isEqualTo("case_12__HE_");
    assertThat(SlideRef.idFromName("../../etc.tif")).isEqualTo("etc");
    assertThat(SlideRef.idFromName("_hidden.ome.tiff")).isEqualTo("hidden");
    assertThat(SlideRef.idFromName("....tif")).isEqualTo("slide");
  }

  @Test
  void collidingIdsAllGetAHashOfTheirUri() {
    List<SlideRef> refs =
        SlideDiscovery.assignIds(
            List.of(
                URI.create("file:/a/x.tif"),
                URI.create("file:/b/x.tif"),
                URI.create("file:/b/y.tif")));
    assertThat(refs.get(0).slideId()).matches("x-[0-9a-f]{8}");
    assertThat(refs.get(1).slideId()).matches("x-[0-9a-f]{8}").isNotEqualTo(refs.get(0).slideId());
    assertThat(refs.get(2).slideId()).isEqualTo("y");
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
    assertThat(refs).extracting(SlideRef::slideId).containsExactly("a", "b");
  }
}
