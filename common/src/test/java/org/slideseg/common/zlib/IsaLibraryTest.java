package org.slideseg.common.zlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.common.mask.MaskPng;
import org.slideseg.common.slide.TestImages;

class IsaLibraryTest {
  /** Else DeflateTest and InflateTest would test only zlib here. */
  @Test
  void isaLCompressesAndDecompressesWhereGklCarriesIt() {
    assumeTrue(IsaLibrary.carriedHere());
    assertThat(Deflate.engine()).isEqualTo("ISA-L");
    assertThat(Inflate.engine()).isEqualTo("ISA-L");
  }

  /**
   * Where GKL cannot put its library into java.io.tmpdir (mounted noexec, full, or here a file),
   * zlib does both directions and says why. In a JVM of its own: each JVM loads ISA-L once.
   */
  @Test
  void zlibTakesOverWhereIsaLDoesNotLoad(@TempDir Path dir) throws Exception {
    Path notAFolder = Files.createFile(dir.resolve("not-a-folder"));
    String printed =
        TestImages.run(TestImages.java(WithoutIsaL.class, "-Djava.io.tmpdir=" + notAFolder));

    assertThat(printed).contains("engines zlib zlib, mask tile round trip true");
    if (IsaLibrary.carriedHere()) {
      assertThat(printed).contains("WARN IsaLibrary: ISA-L does not load here");
    }
  }

  /** The other JVM: which engines it uses, and whether a mask tile survives its PNG. */
  public static final class WithoutIsaL {
    public static void main(String[] args) throws IOException {
      byte[] labels = IsaLibrary.checkInputs().get(4); // sparse labels, 256 x 256
      byte[] back = MaskPng.decode(MaskPng.encode(labels, 256, 256), 256, 256);
      System.out.printf(
          "engines %s %s, mask tile round trip %s%n",
          Deflate.engine(), Inflate.engine(), Arrays.equals(labels, back));
    }
  }
}
