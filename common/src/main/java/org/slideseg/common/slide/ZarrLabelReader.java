package org.slideseg.common.slide;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads an OME-Zarr label image as written by slideseg (Zarr v2: one array per level in folders
 * {@code 0, 1, ...}, unsigned bytes, zlib or uncompressed chunks, '/' between chunk indices), on
 * its Hadoop file system, a chunk at a time: for previews and checks, never the whole image. A
 * missing chunk is the fill value, 0, as Zarr has it.
 */
record ZarrLabelReader(
    String source, SlidePyramid pyramid, FileSystem fs, Path image, List<Array> arrays)
    implements SlideReader {
  /** One level's array: its size and chunk shape, and whether chunks are zlib streams. */
  record Array(int width, int height, int chunkWidth, int chunkHeight, boolean zlib) {}

  static ZarrLabelReader open(FileSystem fs, Path image) throws IOException {
    List<Array> arrays = new ArrayList<>();
    for (int level = 0; fs.exists(new Path(image, level + "/.zarray")); level++) {
      arrays.add(array(fs, new Path(image, level + "/.zarray")));
    }
    if (arrays.isEmpty()) {
      throw new SlideFormatException(image + ": not a Zarr label image (no level 0/.zarray)");
    }
    List<PyramidLevel> levels = new ArrayList<>();
    for (Array a : arrays) {
      levels.add(
          PyramidLevel.stored(
              a.width(), a.height(), a.chunkWidth(), a.chunkHeight(), arrays.get(0).width()));
    }
    return new ZarrLabelReader(
        image.toString(), new SlidePyramid(levels, 1, Double.NaN), fs, image, List.copyOf(arrays));
  }

  private static Array array(FileSystem fs, Path file) throws IOException {
    JsonObject a;
    try (InputStream in = fs.open(file)) {
      a =
          JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
    } catch (RuntimeException e) {
      throw new SlideFormatException(file + ": unreadable Zarr array metadata (" + e + ")");
    }
    var shape = a.getAsJsonArray("shape");
    var chunks = a.getAsJsonArray("chunks");
    var compressor = a.get("compressor");
    String separator =
        a.has("dimension_separator") ? a.get("dimension_separator").getAsString() : ".";
    boolean zlib = compressor != null && !compressor.isJsonNull();
    if (!a.get("dtype").getAsString().equals("|u1")
        || shape.size() != 2
        || !a.get("order").getAsString().equals("C")
        || !separator.equals("/")
        || (zlib && !compressor.getAsJsonObject().get("id").getAsString().equals("zlib"))) {
      throw new SlideFormatException(
          file + ": not a 2-D array of bytes, C order, '/' separated, zlib or uncompressed: " + a);
    }
    return new Array(
        shape.get(1).getAsInt(),
        shape.get(0).getAsInt(),
        chunks.get(1).getAsInt(),
        chunks.get(0).getAsInt(),
        zlib);
  }

  @Override
  public PixelRegion readRegion(RegionRequest request) throws IOException {
    checkInside(request);
    Array a = arrays.get(request.level());
    byte[] out = new byte[request.width() * request.height()];
    for (int row = request.y() / a.chunkHeight(); row * a.chunkHeight() < request.bottom(); row++) {
      for (int col = request.x() / a.chunkWidth(); col * a.chunkWidth() < request.right(); col++) {
        byte[] chunk = chunk(request.level(), a, row, col);
        if (chunk != null) {
          copy(chunk, a, row, col, request, out);
        }
      }
    }
    return new PixelRegion(request.width(), request.height(), 1, out);
  }

  /** The part of a chunk inside the request, into the request's pixels. */
  private static void copy(
      byte[] chunk, Array a, int row, int col, RegionRequest request, byte[] out) {
    int x0 = Math.max(request.x(), col * a.chunkWidth());
    int x1 = Math.min(request.right(), (col + 1) * a.chunkWidth());
    int y0 = Math.max(request.y(), row * a.chunkHeight());
    int y1 = Math.min(request.bottom(), (row + 1) * a.chunkHeight());
    for (int y = y0; y < y1; y++) {
      System.arraycopy(
          chunk,
          (y - row * a.chunkHeight()) * a.chunkWidth() + x0 - col * a.chunkWidth(),
          out,
          (y - request.y()) * request.width() + x0 - request.x(),
          x1 - x0);
    }
  }

  /** A chunk's pixels, or null where it was never written. */
  private byte[] chunk(int level, Array a, int row, int col) throws IOException {
    Path file = new Path(image, level + "/" + row + "/" + col);
    byte[] stored;
    try (InputStream in = fs.open(file)) {
      stored = in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    }
    int size = a.chunkWidth() * a.chunkHeight();
    if (!a.zlib()) {
      if (stored.length != size) {
        throw new SlideFormatException(file + ": " + stored.length + " bytes, not " + size);
      }
      return stored;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored);
      byte[] pixels = new byte[size];
      int n = inflater.inflate(pixels);
      if (n != size || !inflater.finished()) {
        throw new SlideFormatException(file + ": the chunk does not hold " + size + " bytes");
      }
      return pixels;
    } catch (DataFormatException e) {
      throw new SlideFormatException(file + ": not a zlib stream (" + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
  }

  @Override
  public void close() {
    // nothing held open between reads
  }
}
