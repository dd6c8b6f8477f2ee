package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slideseg.common.json.JsonMaps;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.jobs.segment.outputs.Manifest;
import org.slideseg.jobs.segment.outputs.OutputLayout;

/** A run's {@code _manifest.json}: what ran, with which model and options, and how it went. */
final class RunManifest {
  private RunManifest() {}

  static void write(
      RunSummary summary,
      SegmentOptions options,
      ModelSpec spec,
      ModelDirectory modelDir,
      Configuration conf)
      throws IOException {
    OutputLayout layout = summary.layout();
    int failed = summary.failures().size();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", summary.runId());
    m.put("finished", Instant.now().toString());
    m.put("seconds", summary.seconds());
    m.put("step_seconds", summary.timings());
    m.put("model", model(spec, modelDir));
    m.put("options", options(options));
    m.put(
        "slides",
        JsonMaps.inOrder(
            "total", summary.slideCount(), "ok", summary.slideCount() - failed, "failed", failed));
    m.put("failures", summary.failures());
    m.put("reused_from_earlier_runs", summary.reused());
    m.put("devices", summary.devices());
    m.put(
        "outputs",
        JsonMaps.inOrder(
            "tiles",
            layout.tiles().toString(),
            "slides",
            layout.slides().toString(),
            "masks",
            layout.masks().toString()));
    Manifest.write(layout, conf, m);
  }

  /** The model: where it was read and its geometry and classes. */
  private static Map<String, Object> model(ModelSpec spec, ModelDirectory modelDir) {
    return JsonMaps.inOrder(
        "name",
        spec.name(),
        "directory",
        modelDir.uri().toString(),
        "input_tile",
        spec.geometry().inputTile(),
        "output_tile",
        spec.geometry().outputTile(),
        "classes",
        spec.classes());
  }

  /**
   * The options: the inputs, every option that changes the outputs (the reuse key's), then how the
   * run was made.
   */
  private static Map<String, Object> options(SegmentOptions options) {
    Map<String, Object> m = JsonMaps.inOrder("inputs", options.inputs().slides());
    OutputChoices.of(options).forEach((option, value) -> m.put(option.replace('-', '_'), value));
    m.putAll(
        JsonMaps.inOrder(
            "batch",
            options.compute().batch(),
            "device",
            options.compute().device().toString(),
            "windows_per_task",
            options.limits().windowsPerTask(),
            "force",
            options.run().force()));
    return m;
  }
}
