package org.slideseg.common.slide;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * An ImageIO stream over a Hadoop file, with real seeks: image readers jump straight to the tiles
 * they need, so a region read transfers only those tiles (no local copy of the slide). Counts the
 * bytes it delivers, which tells how much of a slide a read touched.
 *
 * <p>Not thread-safe. Closing it closes the Hadoop stream.
 */
final class HadoopImageInputStream extends ImageInputStreamImpl {
  private final FSDataInputStream in;
  private final long length;
  private long bytesRead;

  HadoopImageInputStream(FSDataInputStream in, long length) {
    this.in = in;
    this.length = length;
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    bitOffset = 0;
    int b = in.read();
    if (b >= 0) {
      streamPos++;
      bytesRead++;
    }
    return b;
  }

  /**
   * Reads {@code len} bytes, fewer only at the end of the file: ImageIO's own {@code readShort},
   * {@code readInt} and the like take a short read for the end of the file, while Hadoop's streams
   * (S3A's among them) may return fewer bytes than asked for anywhere.
   */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkClosed();
    bitOffset = 0;
    int n = 0;
    int k = 0;
    while (n < len && (k = in.read(b, off + n, len - n)) > 0) {
      n += k;
    }
    streamPos += n;
    bytesRead += n;
    return n == 0 ? k : n; // -1 at the end of the file
  }

  @Override
  public void seek(long pos) throws IOException {
    super.seek(pos);
    in.seek(pos);
  }

  @Override
  public long length() {
    return length;
  }

  long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    super.close();
    in.close();
  }
}
