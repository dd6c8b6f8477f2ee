package org.slideseg.jobs.segment.driver;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slideseg.jobs.segment.outputs.CompletedSlide;
import org.slideseg.jobs.segment.outputs.OutputLayout;
import org.slideseg.jobs.segment.records.SlideRef;

/** What earlier runs left in the output for this run's slides: to reuse, or to clear away. */
final class EarlierOutputs {
  private static final Logger LOG = LoggerFactory.getLogger(EarlierOutputs.class);

  private EarlierOutputs() {}

  /**
   * Slides that an earlier run into this output finished under the same reuse key: the same model
   * files and every option that changes the outputs ({@link OutputChoices#reuseKey}).
   */
  static Map<String, CompletedSlide> completed(
      List<SlideRef> refs, String reuseKey, OutputLayout layout, Configuration conf)
      throws IOException {
    Map<String, CompletedSlide> done = new LinkedHashMap<>();
    for (SlideRef ref : refs) {
      CompletedSlide.find(ref, reuseKey, layout, conf).ifPresent(c -> done.put(ref.slideId(), c));
    }
    if (!done.isEmpty()) {
      LOG.info(
          "{} slide(s) already done by an earlier run into this output, reused: {}",
          done.size(),
          done.keySet());
    }
    return done;
  }

  /**
   * Outputs of these slides under the ids an older slideseg gave them ({@link SlideRef#legacyIds}),
   * by old id: this run segments the slides under their ids and then removes those copies, so that
   * the output never holds a file twice.
   */
  static Map<String, SlideRef> legacyCopies(
      List<SlideRef> refs, OutputLayout layout, Configuration conf) throws IOException {
    FileSystem fs = layout.fileSystem(conf);
    Map<String, SlideRef> copies = new LinkedHashMap<>();
    for (SlideRef ref : refs) {
      for (String id : ref.legacyIds()) {
        if (fs.exists(layout.slides(id))
            || fs.exists(layout.completed(id))
            || fs.exists(layout.tiles(id))
            || fs.exists(layout.mask(id))) {
          copies.put(id, ref);
        }
      }
    }
    return copies;
  }
}
