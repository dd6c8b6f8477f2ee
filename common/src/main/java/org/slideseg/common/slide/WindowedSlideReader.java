package org.slideseg.common.slide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * An 8-bit slide whose samples go through a {@link SampleMap}, for windows of percentiles (and
 * their measured form) on readers that give bytes (PNG and JPEG images, OpenSlide). Closes the
 * reader it wraps.
 */
record WindowedSlideReader(SlideReader reader, SampleMap map, SampleWindow window)
    implements SlideReader {

  /** {@code reader} through {@code window}, measured on its patches; closes it on failure. */
  static SlideReader of(SlideReader reader, SampleWindow window) throws IOException {
    try {
      SampleMap map = SampleMap.resolve(window, SampleType.UINT8, () -> patchSamples(reader));
      return new WindowedSlideReader(reader, map, map.asWindow(window));
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The samples of {@link SampleMap#patches}, for percentiles. */
  private static float[] patchSamples(SlideReader reader) throws IOException {
    PyramidLevel full = reader.pyramid().level(0);
    var bytes = new ByteArrayOutputStream();
    for (RegionRequest r : SampleMap.patches(full.width(), full.height())) {
      bytes.writeBytes(reader.readRegion(r).pixels());
    }
    byte[] all = bytes.toByteArray();
    float[] out = new float[all.length];
    for (int i = 0; i < all.length; i++) {
      out[i] = all[i] & 0xff;
    }
    return out;
  }

  @Override
  public String source() {
    return reader.source();
  }

  @Override
  public SlidePyramid pyramid() {
    return reader.pyramid();
  }

  @Override
  public PixelRegion readRegion(RegionRequest request) throws IOException {
    return map.map(reader.readRegion(request));
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
