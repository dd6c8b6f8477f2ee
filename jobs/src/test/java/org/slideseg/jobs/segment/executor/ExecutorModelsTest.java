package org.slideseg.jobs.segment.executor;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.slideseg.common.model.ComputeDevice;
import org.slideseg.common.model.ModelDirectory;
import org.slideseg.common.model.Precision;
import org.slideseg.common.model.PredictionMode;
import org.slideseg.jobs.segment.TestSlides;
import org.slideseg.jobs.segment.records.MaskFormat;
import org.slideseg.jobs.segment.records.SerializableConfiguration;
import org.slideseg.jobs.segment.records.TaskFailures;
import org.slideseg.jobs.segment.records.TaskSettings;

class ExecutorModelsTest {
  @Test
  void loadsEachModelOncePerJvmAndDevice() throws Exception {
    var dir = new ModelDirectory(TestSlides.BUNDLED_MODEL.toAbsolutePath().toUri());
    var conf = new Configuration();
    var spec = dir.readSpec(conf);
    var settings =
        new TaskSettings(
            dir,
            spec,
            new TaskSettings.Compute(
                ComputeDevice.CPU, Precision.FP32, 1, 2, PredictionMode.LABELS),
            new TaskSettings.Outputs(MaskFormat.TIFF, 256, false, 0),
            new TaskSettings.Run("run", "key", new TaskFailures(1), 0),
            new SerializableConfiguration(conf));
    var first = ExecutorModels.get(settings, ComputeDevice.CPU);
    var again = ExecutorModels.get(settings, ComputeDevice.CPU);
    assertThat(again).isSameAs(first);
    try (var a = first.newPredictor();
        var b = again.newPredictor()) {
      assertThat(a).isNotSameAs(b);
    }
  }
}
