package org.slideseg.jobs.segment.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slideseg.jobs.console.UsageException;

class SegmentOptionsTest {
  @TempDir Path dir;

  @Test
  void appliesDefaults() throws UsageException {
    SegmentOptions o =
        SegmentOptions.parse(List.of("--input", "a.tif", "--model", "m", "--out", "o"));
    assertThat(o.inputs().level()).isEqualTo(-1);
    assertThat(o.compute().batch()).isEqualTo(1);
    assertThat(o.compute().device()).hasToString("cpu");
    assertThat(o.limits().windowsPerTask()).isEqualTo(64);
    assertThat(o.run().master()).isNull();
  }

  /** The options that change a slide's outputs: the reuse key and the manifest both list these. */
  @Test
  void theOutputChoicesAreEveryOptionThatChangesAnOutput() throws UsageException {
    assertThat(OutputChoices.of(parse()).keySet())
        .containsExactly(
            "level",
            "precision",
            "min-tissue",
            "polygons",
            "simplify",
            "probabilities",
            "tta",
            "preview-size");
  }

  @Test
  void eachOptionThatChangesAnOutputChangesTheReuseKeyAndNoOtherDoes() throws UsageException {
    String base = OutputChoices.reuseKey(parse(), "fp");
    Map<List<String>, Boolean> changesOutputs = new LinkedHashMap<>();
    for (String flag : List.of("--polygons", "--probabilities", "--tta")) {
      changesOutputs.put(List.of(flag), true);
    }
    changesOutputs.put(List.of("--level", "1"), true);
    changesOutputs.put(List.of("--precision", "fp16"), true);
    changesOutputs.put(List.of("--min-tissue", "0.1"), true);
    changesOutputs.put(List.of("--simplify", "2"), true);
    changesOutputs.put(List.of("--preview-size", "64"), true);
    changesOutputs.put(List.of("--mask-format", "ome-zarr"), true);
    changesOutputs.put(List.of("--mask-format", "both"), true);
    changesOutputs.put(List.of("--mask-format", "tiff"), false);
    changesOutputs.put(List.of("--batch", "4"), false);
    changesOutputs.put(List.of("--windows-per-task", "8"), false);
    changesOutputs.put(List.of("--threads", "2"), false);
    changesOutputs.put(List.of("--force"), false);
    changesOutputs.put(List.of("--task-timeout", "60"), false);
    changesOutputs.put(List.of("--device", "gpu"), false);
    Set<String> keys = new HashSet<>(Set.of(base));
    for (var option : changesOutputs.entrySet()) {
      String key = OutputChoices.reuseKey(parse(option.getKey()), "fp");
      assertThat(option.getValue() ? keys.add(key) : key.equals(base))
          .as("%s changes the outputs: %s", option.getKey(), option.getValue())
          .isTrue();
    }
    assertThat(OutputChoices.reuseKey(parse(), "other")).isNotEqualTo(base);
  }

  @Test
  void anUnknownMaskFormatIsRefusedNamingTheChoices() {
    assertThatThrownBy(() -> parse(List.of("--mask-format", "zarr")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--mask-format: \"zarr\" is not one of tiff, ome-zarr, both");
  }

  @Test
  void forcesHelpNamesEveryOptionThatChangesAnOutput() throws UsageException {
    String help = SegmentOptions.OPTIONS.option(SegmentOptions.FORCE).help();
    for (String option : OutputChoices.of(parse(List.of("--mask-format", "both"))).keySet()) {
      assertThat(help).contains("--" + option);
    }
  }

  private static SegmentOptions parse(List<String> more) throws UsageException {
    List<String> args = new ArrayList<>(List.of("--input", "a.tif", "--model", "m", "--out", "o"));
    args.addAll(more);
    return SegmentOptions.parse(args);
  }

  private static SegmentOptions parse() throws UsageException {
    return parse(List.of());
  }

  @Test
  void batchesMoreWindowsPerCallOnGpus() throws UsageException {
    SegmentOptions o =
        SegmentOptions.parse(
            List.of("--input", "a.tif", "--model", "m", "--out", "o", "--device", "gpu"));
    assertThat(o.compute().batch()).isEqualTo(8);
  }

  @Test
  void takesRepeatedInputsAndEqualsForm() throws UsageException {
    SegmentOptions o =
        SegmentOptions.parse(
            List.of(
                "--input", "a.tif", "--input=b.tif", "--model", "m", "--out", "o", "--level", "2"));
    assertThat(o.inputs().slides()).containsExactly("a.tif", "b.tif");
    assertThat(o.inputs().level()).isEqualTo(2);
  }

  @Test
  void commandLineWinsOverConfigFile() throws Exception {
    Path conf =
        Files.writeString(dir.resolve("job.properties"), "model=from-file\nbatch=8\nout=o\n");
    SegmentOptions o =
        SegmentOptions.parse(
            List.of("--config", conf.toString(), "--input", "a.tif", "--batch", "2"));
    assertThat(o.inputs().model()).isEqualTo("from-file");
    assertThat(o.compute().batch()).isEqualTo(2);
  }

  @Test
  void namesAnUnknownOption() {
    assertThatThrownBy(() -> SegmentOptions.parse(List.of("--imput", "a.tif")))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option --imput; see --help");
  }

  @Test
  void namesAMissingRequiredOption() {
    assertThatThrownBy(() -> SegmentOptions.parse(List.of("--input", "a.tif", "--out", "o")))
        .hasMessage("--model is required: the model directory with model.json");
  }

  @Test
  void rejectsABadBatch() {
    assertThatThrownBy(
            () ->
                SegmentOptions.parse(
                    List.of("--input", "a", "--model", "m", "--out", "o", "--batch", "0")))
        .hasMessage("--batch \"0\" must be an integer of at least 1");
  }

  @Test
  void rejectsABadDevice() {
    assertThatThrownBy(
            () ->
                SegmentOptions.parse(
                    List.of("--input", "a", "--model", "m", "--out", "o", "--device", "tpu")))
        .hasMessage("--device \"tpu\" is not cpu, gpu, gpu:N or auto");
  }

  @Test
  void rejectsAnUnknownConfigKey() throws Exception {
    Path conf = Files.writeString(dir.resolve("bad.properties"), "modle=x\n");
    assertThatThrownBy(() -> SegmentOptions.parse(List.of("--config", conf.toString())))
        .hasMessageContaining("bad.properties: unknown key \"modle\"");
  }
}
