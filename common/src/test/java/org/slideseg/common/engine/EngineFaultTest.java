package org.slideseg.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineFaultTest {
  @Test
  void aFaultAtSomeSetsCorruptsOnlyThereAndOnlyWhileOneDnnIsOn() {
    EngineFault fault = EngineFault.parse("onednn:ALL, avx2");

    assertThat(fault.corrupts(true, "ALL")).isTrue();
    assertThat(fault.corrupts(true, "avx2")).isTrue();
    assertThat(fault.corrupts(true, "SSE41")).isFalse();
    assertThat(fault.corrupts(false, "ALL")).isFalse();
    assertThat(fault.value()).isEqualTo("onednn:ALL,AVX2");
  }

  @Test
  void theOtherFaultsCorruptEverySetOrEverything() {
    assertThat(EngineFault.parse("onednn").corrupts(true, "SSE41")).isTrue();
    assertThat(EngineFault.parse("onednn").corrupts(false, "off")).isFalse();
    assertThat(EngineFault.parse("always").corrupts(false, "off")).isTrue();
    assertThat(EngineFault.parse("none").corrupts(true, "ALL")).isFalse();
    assertThat(EngineFault.parse("always").value()).isEqualTo("always");
  }

  @Test
  void anUnknownFaultIsRefusedNamingTheForms() {
    assertThatThrownBy(() -> EngineFault.parse("sometimes"))
        .hasMessage(
            "slideseg.test.engine-fault=sometimes: expected none, always, onednn or onednn:<sets>");
  }
}
