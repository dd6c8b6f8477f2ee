package org.slideseg.jobs.segment;

import java.io.Serializable;
import org.apache.hadoop.fs.Path;

/** Where each output of a run goes, under the {@code --out} directory. */
public record OutputLayout(String root) implements Serializable {

  public Path tiles() {
    return new Path(root, "tiles");
  }

  public Path slides() {
    return new Path(root, "slides");
  }

  public Path masks() {
    return new Path(root, "masks");
  }

  public Path mask(String slideId) {
    return new Path(masks(), slideId + ".tif");
  }

  public Path preview(String slideId) {
    return new Path(masks(), slideId + ".preview.png");
  }

  /** The completion record of a slide, which lets a re-run skip it; hidden from Spark readers. */
  public Path completed(String slideId) {
    return new Path(new Path(root, "_done"), slideId + ".json");
  }

  public Path manifest() {
    return new Path(root, "_manifest.json");
  }

  public Path success() {
    return new Path(root, "_SUCCESS");
  }
}
