package org.slideseg.common.slide;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;

/**
 * Local files under the {@code trickle:} scheme whose reads deliver at most one byte a call, as a
 * network stream may when a packet ends early: {@code InputStream.read} promises at least one byte,
 * not as many as were asked for. Test-only.
 */
public class TricklingFileSystem extends ElsewhereFileSystem {
  public TricklingFileSystem() {
    super("trickle");
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    return new FSDataInputStream(new OneByteAtATime(super.open(f, bufferSize)));
  }

  private static final class OneByteAtATime extends FSInputStream {
    private final FSDataInputStream in;

    OneByteAtATime(FSDataInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, Math.min(len, 1));
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
      return false;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
