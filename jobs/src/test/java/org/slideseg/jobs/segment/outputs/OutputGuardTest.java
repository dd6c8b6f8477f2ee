package org.slideseg.jobs.segment.outputs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.console.UsageException;

class OutputGuardTest {
  @TempDir Path dir;

  /**
   * The files named are the first in sorted order, whatever order the JVM's maps or the file
   * system's listings give, so that the message is the same in every run.
   */
  @Test
  void foreignFilesAreNamedInSortedOrder() throws Exception {
    for (String f :
        new String[] {
          "tiles/zz.txt",
          "masks/notes.txt",
          "slides/b.csv",
          "_done/x.txt",
          "polygons/a.txt",
          "masks/a.txt",
          "_lock/mine"
        }) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), "the user's");
    }
    String out = dir.toUri().toString();
    String root = new org.apache.hadoop.fs.Path(out).toString();

    assertThatThrownBy(() -> OutputGuard.check(new OutputLayout(out), new Configuration()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--out %s holds 7 file(s) that slideseg did not write where it would write its"
                + " outputs, for example %s/_done/x.txt, %s/_lock/mine, %s/masks/a.txt,"
                + " %s/masks/notes.txt, %s/polygons/a.txt; slideseg never overwrites or deletes"
                + " what it did not write: choose another --out or move them",
            root, root, root, root, root, root);
  }

  @Test
  void masksOfSlidesNamedInAnyScriptAreSlidesegs() throws Exception {
    Files.createDirectories(dir.resolve("masks"));
    Files.writeString(dir.resolve("masks/über-0123456789ab.tif"), "mask");
    Files.writeString(dir.resolve("masks/細胞-0123456789ab.preview.png"), "preview");

    assertThatCode(
            () -> OutputGuard.check(new OutputLayout(dir.toUri().toString()), new Configuration()))
        .doesNotThrowAnyException();
  }

  @Test
  void anEmptyOrMissingOutIsFine() {
    assertThatCode(
            () ->
                OutputGuard.check(
                    new OutputLayout(dir.resolve("none").toUri().toString()), new Configuration()))
        .doesNotThrowAnyException();
  }
}
