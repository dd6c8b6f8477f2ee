package org.slideseg.jobs.segment.driver;

import static org.slideseg.jobs.segment.driver.SegmentOptions.LEVEL;
import static org.slideseg.jobs.segment.driver.SegmentOptions.MASK_FORMAT;
import static org.slideseg.jobs.segment.driver.SegmentOptions.MIN_TISSUE;
import static org.slideseg.jobs.segment.driver.SegmentOptions.POLYGONS;
import static org.slideseg.jobs.segment.driver.SegmentOptions.PRECISION;
import static org.slideseg.jobs.segment.driver.SegmentOptions.PREVIEW_SIZE;
import static org.slideseg.jobs.segment.driver.SegmentOptions.PROBABILITIES;
import static org.slideseg.jobs.segment.driver.SegmentOptions.SIMPLIFY;
import static org.slideseg.jobs.segment.driver.SegmentOptions.TTA;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.slideseg.jobs.segment.records.MaskFormat;

/**
 * The options of a run that change a slide's outputs, by their command-line names, in declared
 * order. A slide is reused only where all of them are as before ({@link #reuseKey}), and the
 * manifest lists them: both come from here, so that they cannot drift apart.
 */
final class OutputChoices {
  private OutputChoices() {}

  static Map<String, Object> of(SegmentOptions options) {
    SegmentOptions.Outputs outputs = options.outputs();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(LEVEL, options.inputs().level() < 0 ? "auto" : options.inputs().level());
    m.put(PRECISION, options.compute().precision().toString());
    m.put(MIN_TISSUE, options.inputs().minTissue());
    m.put(POLYGONS, outputs.polygons());
    m.put(SIMPLIFY, outputs.simplify());
    m.put(PROBABILITIES, outputs.probabilities());
    m.put(TTA, options.compute().tta());
    m.put(PREVIEW_SIZE, outputs.previewSize());
    if (outputs.maskFormat() != MaskFormat.TIFF) {
      // Left out at its default: slides finished before the option existed stay reusable.
      m.put(MASK_FORMAT, outputs.maskFormat().toString());
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * What a slide's outputs depend on besides the slide, whose version is in its record: the model
   * files and {@link #of the output choices}.
   */
  static String reuseKey(SegmentOptions options, String modelFingerprint) {
    StringJoiner key = new StringJoiner(";", "model=" + modelFingerprint + ";", "");
    of(options).forEach((option, value) -> key.add(option + "=" + value));
    return key.toString();
  }
}
