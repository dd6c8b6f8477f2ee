package org.slideseg.jobs.segment.executor.assembly;

import java.util.ArrayList;
import java.util.List;
import org.slideseg.common.mask.TiffMetadata;
import org.slideseg.common.model.ModelSpec;
import org.slideseg.jobs.segment.records.InspectedSlide;

/**
 * What a slide's mask and probability TIFFs say about themselves: which slide, model, classes,
 * level and pixel size, so that a viewer shows it and a reader needs no sidecar; the mask also
 * carries the classes' colours as its palette.
 */
final class MaskTiffTags {
  private MaskTiffTags() {}

  static TiffMetadata mask(InspectedSlide slide, ModelSpec spec) {
    return new TiffMetadata(description(slide, spec, "mask", "labels"), slide.mpp(), palette(spec));
  }

  static TiffMetadata probability(InspectedSlide slide, ModelSpec spec, int c) {
    String what = "probability of class " + c + "=" + spec.classes().get(c);
    return new TiffMetadata(
        description(slide, spec, what, "255 = 1.0, levels average; labels"),
        slide.mpp(),
        List.of());
  }

  private static String description(
      InspectedSlide slide, ModelSpec spec, String what, String values) {
    List<String> classes = spec.classes();
    StringBuilder text =
        new StringBuilder("slideseg ")
            .append(what)
            .append(" of ")
            .append(slide.slide().slideId())
            .append("; model ")
            .append(spec.name())
            .append("; ")
            .append(values)
            .append(' ');
    for (int c = 0; c < classes.size(); c++) {
      text.append(c == 0 ? "" : ",").append(c).append('=').append(classes.get(c));
    }
    text.append("; slide level ").append(slide.level());
    text.append(", downsample ").append(slide.downsample());
    return text.toString().replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The classes' model.json colours, without their transparency, which TIFF has no room for. */
  private static List<Integer> palette(ModelSpec spec) {
    List<Integer> colours = new ArrayList<>();
    for (int c = 0; c < spec.classes().size(); c++) {
      colours.add(spec.rgb(c));
    }
    return colours;
  }
}
