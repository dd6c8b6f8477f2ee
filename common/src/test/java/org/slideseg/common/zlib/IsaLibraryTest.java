package org.slideseg.common.zlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class IsaLibraryTest {
  /** Else DeflateTest and InflateTest would test only zlib here. */
  @Test
  void isaLCompressesAndDecompressesWhereGklCarriesIt() {
    assumeTrue(IsaLibrary.carriedHere());
    assertThat(Deflate.engine()).isEqualTo("ISA-L");
    assertThat(Inflate.engine()).isEqualTo("ISA-L");
  }
}
