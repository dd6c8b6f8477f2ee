package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictFileTest {
  @TempDir Path dir;

  @Test
  void aWrittenVerdictReadsBackForItsKeyAsAnEarlierTrials() {
    VerdictFile verdict = VerdictFile.of(dir, "cpu A; libtorch 2.7.1");
    verdict.write(
        new OneDnnChoice(Optional.of("AVX2"), "ALL kernels wrong here", "trial", Optional.empty()));

    OneDnnChoice read = verdict.read().orElseThrow();
    assertThat(read.set()).contains("AVX2");
    assertThat(read.wrongWider()).isEqualTo("ALL kernels wrong here");
    assertThat(read.source())
        .isEqualTo("an earlier trial's verdict on this machine, " + verdict.path());
    assertThat(read.verdict()).contains(verdict.path());
    assertThat(verdict.path().getParent()).isEqualTo(dir);
  }

  @Test
  void oneDnnOffIsAVerdictToo() {
    VerdictFile verdict = VerdictFile.of(dir, "k");
    verdict.write(new OneDnnChoice(Optional.empty(), "every set wrong", "trial", Optional.empty()));

    assertThat(verdict.read().orElseThrow().off()).isTrue();
  }

  @Test
  void eachKeyHasAFileOfItsOwn() {
    assertThat(VerdictFile.of(dir, "libtorch 2.7.1").path())
        .isNotEqualTo(VerdictFile.of(dir, "libtorch 2.8.0").path());
  }

  @Test
  void aForeignCorruptOrUnknownVerdictIsIgnored() throws Exception {
    VerdictFile verdict = VerdictFile.of(dir, "this CPU");
    assertThat(verdict.read()).isEmpty(); // no file

    Files.writeString(verdict.path(), "\u0000garbage\\u12");
    assertThat(verdict.read()).isEmpty();

    Files.writeString(verdict.path(), "key=another CPU\nset=ALL\nwrong=\n");
    assertThat(verdict.read()).isEmpty();

    Files.writeString(verdict.path(), "key=this CPU\nset=AVX9000\nwrong=\n");
    assertThat(verdict.read()).isEmpty();

    Files.writeString(verdict.path(), "key=this CPU\nset=SSE41\n");
    assertThat(verdict.read()).isEmpty(); // cut short

    Files.writeString(verdict.path(), "key=this CPU\nset=SSE41\nwrong=\n");
    assertThat(verdict.read()).map(OneDnnChoice::setName).contains("SSE41");
  }

  @Test
  void aForgottenVerdictIsGone() {
    VerdictFile verdict = VerdictFile.of(dir, "k");
    verdict.write(new OneDnnChoice(Optional.of("ALL"), "", "trial", Optional.empty()));
    VerdictFile.forget(verdict.path());

    assertThat(verdict.read()).isEmpty();
    assertThat(dir.toFile().list())
        .noneMatch(n -> n.endsWith(".properties") || n.endsWith(".part"));
  }
}
