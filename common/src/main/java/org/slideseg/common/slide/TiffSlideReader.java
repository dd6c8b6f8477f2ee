package org.slideseg.common.slide;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tiled, pyramidal TIFF and BigTIFF (as written by libvips, Aperio SVS and most scanners) and
 * plain stripped TIFF. A region read seeks to, reads and decodes only the tiles (or strips) it
 * covers; recently decoded tiles are kept in a small cache because neighbouring windows overlap.
 *
 * <p>Pyramid levels are the images of the main IFD chain whose aspect ratio matches the first image
 * and whose width decreases; thumbnails, labels and macro images (untiled, or of another shape) are
 * skipped. Not thread-safe.
 */
final class TiffSlideReader implements SlideReader {
  private static final Pattern SVS_MPP = Pattern.compile("MPP\\s*=\\s*([0-9.]+)");

  /**
   * Resolutions that writers put in when they know none (libvips writes 72 dpi, as 28.35 pixels per
   * centimetre): a pixel size of 353 or 265 µm is a screen default, not a microscope's.
   */
  private static final List<Double> SCREEN_DPI = List.of(72.0, 96.0);

  private static final long CACHE_BYTES = 48L << 20;

  /** More than any TIFF compression achieves: Deflate tops out near 1032:1, LZW near 1300:1. */
  private static final long MAX_COMPRESSION = 10_000;

  private final String source;
  private final HadoopImageInputStream input;
  private final List<StoredLevel> levels;
  private final SlidePyramid pyramid;
  private final boolean labels;
  private final SampleMap map;
  private final SampleWindow window;
  private final Map<Long, PixelRegion> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedBytes;

  /** A pyramid level as stored: its blocks (tiles, or strips as full-width tiles) and decoder. */
  private record StoredLevel(
      int width,
      int height,
      int blockWidth,
      int blockHeight,
      long[] offsets,
      long[] byteCounts,
      boolean tiled,
      TiffTileDecoder decoder) {

    int blocksAcross() {
      return (width + blockWidth - 1) / blockWidth;
    }

    /** Rows stored in block row {@code by}: tiles are always full, the last strip may be short. */
    int blockHeightAt(int by) {
      return tiled ? blockHeight : Math.min(blockHeight, height - by * blockHeight);
    }
  }

  /**
   * @param labels the image holds class labels, read as stored (see {@link TiffTileDecoder})
   * @param window which samples become 0-255 (ignored for labels)
   */
  TiffSlideReader(String source, HadoopImageInputStream input, boolean labels, SampleWindow window)
      throws IOException {
    this.source = source;
    this.input = input;
    this.labels = labels;
    List<TiffIfd> ifds = TiffIfd.readAll(input, source);
    String vendor = vendorFormat(ifds.get(0));
    if (vendor != null && !labels) {
      throw new UnknownFormatException(
          source + ": a " + vendor + " file, whose layout this TIFF reader does not follow",
          vendor);
    }
    this.levels = storedLevels(ifds);
    List<PyramidLevel> pyramidLevels = new ArrayList<>();
    for (StoredLevel s : levels) {
      pyramidLevels.add(
          PyramidLevel.stored(
              s.width(), s.height(), s.blockWidth(), s.blockHeight(), levels.get(0).width()));
    }
    this.pyramid =
        new SlidePyramid(pyramidLevels, levels.get(0).decoder().channels(), mpp(ifds.get(0)));
    this.map =
        labels
            ? SampleMap.BYTES
            : SampleMap.resolve(window, levels.get(0).decoder().type(), this::patchSamples);
    this.window = labels ? SampleWindow.FULL_RANGE : map.asWindow(window);
  }

  @Override
  public SampleWindow window() {
    return window;
  }

  /** The samples of {@link SampleMap#patches} as stored, for percentiles; not cached. */
  private float[] patchSamples() throws IOException {
    StoredLevel s = levels.get(0);
    int c = pyramid.channels();
    var patches = SampleMap.patches(s.width(), s.height());
    float[] out = new float[patches.stream().mapToInt(r -> r.width() * r.height() * c).sum()];
    int n = 0;
    for (RegionRequest r : patches) {
      copy(
          s,
          r,
          (bx, by) -> {
            byte[] data = stored(0, s, by * s.blocksAcross() + bx);
            int h = s.blockHeightAt(by);
            return new Block(
                decoded(0, s, bx, by, d -> d.samples(data, s.blockWidth(), h)), s.blockWidth());
          },
          out,
          n);
      n += r.width() * r.height() * c;
    }
    return out;
  }

  /**
   * The vendor whose TIFF variant this is, by the marks OpenSlide also goes by; null for a plain or
   * Aperio pyramid. Their levels are padded, tiled otherwise or spread over several images.
   */
  private static String vendorFormat(TiffIfd first) {
    String description = first.text(TiffIfd.IMAGE_DESCRIPTION);
    if (first.numbers().containsKey(TiffIfd.HAMAMATSU_NDPI)) {
      return "Hamamatsu NDPI";
    }
    if (description.startsWith("<?xml") && description.contains("DPUfsImport")) {
      return "Philips TIFF";
    }
    if (description.contains("<scn") && description.contains("leica")) {
      return "Leica SCN";
    }
    if (first.text(TiffIfd.XMP).contains("iScan")) {
      return "Ventana BIF";
    }
    return null;
  }

  private List<StoredLevel> storedLevels(List<TiffIfd> ifds) throws IOException {
    List<StoredLevel> out = new ArrayList<>();
    long sampleFormat = ifds.get(0).number(TiffIfd.SAMPLE_FORMAT, 1);
    out.add(storedLevel(ifds.get(0), sampleFormat));
    double aspect = (double) out.get(0).width() / out.get(0).height();
    for (TiffIfd ifd : ifds.subList(1, ifds.size())) {
      long w = ifd.number(TiffIfd.IMAGE_WIDTH, 0);
      long h = ifd.number(TiffIfd.IMAGE_LENGTH, 1);
      boolean sameShape = Math.abs((double) w / h - aspect) < 0.02 * aspect;
      if (ifd.isTiled() && sameShape && w < out.get(out.size() - 1).width()) {
        out.add(storedLevel(ifd, sampleFormat));
      }
    }
    return List.copyOf(out);
  }

  /** A level; {@code sampleFormat} is level 0's, for a reduced level that states none. */
  private StoredLevel storedLevel(TiffIfd ifd, long sampleFormat) throws IOException {
    long w = ifd.number(TiffIfd.IMAGE_WIDTH, 0);
    long h = ifd.number(TiffIfd.IMAGE_LENGTH, 0);
    if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
      throw new SlideFormatException(
          source + ": not a valid TIFF: an image of " + w + " x " + h + " pixels");
    }
    boolean tiled = ifd.isTiled();
    long bw = tiled ? ifd.number(TiffIfd.TILE_WIDTH, 0) : w;
    long bh =
        tiled
            ? ifd.number(TiffIfd.TILE_LENGTH, 0)
            : Math.min(h, ifd.number(TiffIfd.ROWS_PER_STRIP, h));
    long[] offsets = ifd.array(tiled ? TiffIfd.TILE_OFFSETS : TiffIfd.STRIP_OFFSETS);
    long[] counts = ifd.array(tiled ? TiffIfd.TILE_BYTE_COUNTS : TiffIfd.STRIP_BYTE_COUNTS);
    if (bw <= 0 || bh <= 0 || offsets == null || counts == null) {
      throw new SlideFormatException(source + ": TIFF tile or strip layout is incomplete");
    }
    long blocks = ((w + bw - 1) / bw) * ((h + bh - 1) / bh);
    if (offsets.length < blocks || counts.length < blocks) {
      throw new SlideFormatException(
          source
              + ": TIFF image of "
              + w
              + " x "
              + h
              + " needs "
              + blocks
              + " tiles or strips but lists "
              + Math.min(offsets.length, counts.length));
    }
    var decoder = new TiffTileDecoder(source, ifd, input.getByteOrder(), sampleFormat, labels);
    var level =
        new StoredLevel((int) w, (int) h, (int) bw, (int) bh, offsets, counts, tiled, decoder);
    checkClaims(level, (int) blocks);
    return level;
  }

  /**
   * Refuses an image that claims more than its file can hold: blocks outside the file, blocks too
   * large to decode, or more pixels than any compression gets from the bytes stored. A hostile
   * header is thus a failed slide at inspection, not millions of tasks or an exhausted heap.
   */
  private void checkClaims(StoredLevel s, int blocks) throws SlideFormatException {
    long blockBytes = s.decoder().blockBytes(s.blockWidth(), s.blockHeight());
    if (blockBytes > TiffTileDecoder.MAX_BLOCK_BYTES) {
      throw new SlideFormatException(
          String.format(
              "%s: its %s of %d x %d pixels are too large to decode (over %d MiB each); convert it"
                  + " to a tiled TIFF (vips tiffsave in out.tif --tile --pyramid)",
              source,
              s.tiled() ? "tiles" : "strips",
              s.blockWidth(),
              s.blockHeight(),
              TiffTileDecoder.MAX_BLOCK_BYTES >> 20));
    }
    long stored = storedBytes(s, blocks);
    long claimed = s.decoder().blockBytes(s.width(), s.height());
    long most = s.decoder().compressed() ? stored * MAX_COMPRESSION : stored;
    if (claimed > most) {
      throw new SlideFormatException(
          String.format(
              "%s: its header claims %d x %d pixels, but the file stores only %d bytes of image"
                  + " data for them; the header is corrupt",
              source, s.width(), s.height(), stored));
    }
  }

  /** The bytes the level's blocks take in the file; refuses a block that lies outside it. */
  private long storedBytes(StoredLevel s, int blocks) throws SlideFormatException {
    long stored = 0;
    for (int i = 0; i < blocks; i++) {
      long offset = s.offsets()[i];
      long count = s.byteCounts()[i];
      boolean inFile = offset >= 0 && count >= 0 && offset <= input.length() - count;
      if (!inFile || count > 2 * TiffTileDecoder.MAX_BLOCK_BYTES) {
        throw new SlideFormatException(
            String.format(
                "%s: tile or strip %d of the %d x %d image lies outside the file (bytes %d + %d of"
                    + " %d); the file is truncated or corrupt",
                source, i, s.width(), s.height(), offset, count, input.length()));
      }
      stored += count;
    }
    return stored;
  }

  /** Microns per pixel from an Aperio description or the resolution tags; NaN if neither. */
  private static double mpp(TiffIfd ifd) {
    Matcher svs = SVS_MPP.matcher(ifd.text(TiffIfd.IMAGE_DESCRIPTION));
    if (svs.find()) {
      return Double.parseDouble(svs.group(1));
    }
    long[] xres = ifd.array(TiffIfd.X_RESOLUTION);
    long unit = ifd.number(TiffIfd.RESOLUTION_UNIT, 2);
    if (xres == null || (unit != 2 && unit != 3)) {
      return Double.NaN;
    }
    double perUnit = Double.longBitsToDouble(xres[0]);
    double dpi = unit == 3 ? perUnit * 2.54 : perUnit;
    if (!(perUnit > 0) || SCREEN_DPI.stream().anyMatch(screen -> Math.abs(dpi - screen) < 0.05)) {
      return Double.NaN;
    }
    return (unit == 3 ? 10_000 : 25_400) / perUnit;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public SlidePyramid pyramid() {
    return pyramid;
  }

  @Override
  public PixelRegion readRegion(RegionRequest request) throws IOException {
    checkInside(request);
    StoredLevel s = levels.get(request.level());
    byte[] out = new byte[request.width() * request.height() * pyramid.channels()];
    copy(
        s,
        request,
        (bx, by) -> {
          PixelRegion block = block(request.level(), s, bx, by);
          return new Block(block.pixels(), block.width());
        },
        out,
        0);
    return new PixelRegion(request.width(), request.height(), pyramid.channels(), out);
  }

  /** A decoded block's samples ({@code byte[]} or {@code float[]}), {@code width} pixels a row. */
  private record Block(Object samples, int width) {}

  /** Block ({@code bx}, {@code by}) of a level, decoded. */
  private interface Blocks {
    Block get(int bx, int by) throws IOException;
  }

  /**
   * Copies region {@code r} of level {@code s}, row by row from the blocks it covers, into {@code
   * out} (an array of the blocks' kind) from {@code offset}.
   */
  private void copy(StoredLevel s, RegionRequest r, Blocks blocks, Object out, int offset)
      throws IOException {
    int c = pyramid.channels();
    for (int by = r.y() / s.blockHeight(); by * s.blockHeight() < r.bottom(); by++) {
      for (int bx = r.x() / s.blockWidth(); bx * s.blockWidth() < r.right(); bx++) {
        Block block = blocks.get(bx, by);
        int x0 = Math.max(r.x(), bx * s.blockWidth());
        int x1 = Math.min(r.right(), (bx + 1) * s.blockWidth());
        int y0 = Math.max(r.y(), by * s.blockHeight());
        int y1 = Math.min(r.bottom(), (by + 1) * s.blockHeight());
        for (int y = y0; y < y1; y++) {
          System.arraycopy(
              block.samples(),
              ((y - by * s.blockHeight()) * block.width() + x0 - bx * s.blockWidth()) * c,
              out,
              offset + ((y - r.y()) * r.width() + x0 - r.x()) * c,
              (x1 - x0) * c);
        }
      }
    }
  }

  private PixelRegion block(int level, StoredLevel s, int bx, int by) throws IOException {
    int index = by * s.blocksAcross() + bx;
    long key = ((long) level << 40) | index;
    PixelRegion cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] data = stored(level, s, index);
    PixelRegion block =
        decoded(level, s, bx, by, d -> d.decode(data, s.blockWidth(), s.blockHeightAt(by), map));
    cache.put(key, block);
    cachedBytes += block.pixels().length;
    var eldest = cache.entrySet().iterator();
    while (cachedBytes > CACHE_BYTES && eldest.hasNext()) {
      cachedBytes -= eldest.next().getValue().pixels().length;
      eldest.remove();
    }
    return block;
  }

  /** The stored bytes of block {@code index}. */
  private byte[] stored(int level, StoredLevel s, int index) throws IOException {
    long count = s.byteCounts()[index];
    if (count == 0) {
      throw new SlideFormatException(
          source + ": tile " + index + " of level " + level + " is empty (0 bytes stored)");
    }
    byte[] data = new byte[(int) count]; // checked against the file's length when opened
    input.seek(s.offsets()[index]);
    input.readFully(data);
    return data;
  }

  /** A decoding of one block's bytes, by the level's decoder. */
  private interface Decoding<T> {
    T apply(TiffTileDecoder decoder) throws IOException;
  }

  /** Runs a decoding; its failures name the block, and are the data's, not the storage's. */
  private <T> T decoded(int level, StoredLevel s, int bx, int by, Decoding<T> decoding)
      throws IOException {
    int index = by * s.blocksAcross() + bx;
    try {
      return decoding.apply(s.decoder());
    } catch (IOException | RuntimeException e) {
      // Bytes already in memory: whatever goes wrong is in the data, not the storage.
      throw new SlideFormatException(
          source
              + ": cannot decode tile "
              + index
              + " of level "
              + level
              + " (pixels "
              + bx * s.blockWidth()
              + ","
              + by * s.blockHeight()
              + "): "
              + SlideFormatException.reason(e).replace(source + ": ", ""),
          e);
    }
  }

  long bytesRead() {
    return input.bytesRead();
  }

  @Override
  public void close() throws IOException {
    levels.forEach(l -> l.decoder().close());
    input.close();
  }
}
