package org.slideseg.common.engine;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The switches of libtorch's global context that Python reaches as {@code
 * torch.backends.mkldnn.enabled} and {@code torch._C._set_nnpack_enabled}, which DJL does not
 * expose: called through JNA on the {@code libtorch_cpu} that DJL loaded, by their C++ names
 * (stable since libtorch 1.x). They apply to the whole JVM, TorchScript and Java-built models
 * alike, and must be set before models run, not while they do.
 */
final class LibTorchSwitches {
  private final NativeLibrary library;
  private final Pointer context;

  private LibTorchSwitches(NativeLibrary library) {
    this.library = library;
    this.context =
        (Pointer)
            library.getFunction("_ZN2at13globalContextEv").invoke(Pointer.class, new Object[0]);
  }

  /**
   * The switches of the libtorch this JVM runs; the engine must have started.
   *
   * @throws IllegalStateException if the library or a symbol is not there
   */
  static LibTorchSwitches ofLoadedLibrary() {
    Path dir = Path.of(LibUtils.getLibtorchPath());
    Path library =
        Files.isDirectory(dir)
            ? dir.resolve("libtorch_cpu.so")
            : dir.resolveSibling("libtorch_cpu.so");
    try {
      return new LibTorchSwitches(NativeLibrary.getInstance(library.toString()));
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException(
          "cannot reach libtorch's settings in " + library + ": " + e.getMessage(), e);
    }
  }

  /** Whether convolutions may use oneDNN (PyTorch still decides per call). */
  boolean oneDnn() {
    return call("_ZNK2at7Context17userEnabledMkldnnEv");
  }

  void oneDnn(boolean enabled) {
    set("_ZN2at7Context20setUserEnabledMkldnnEb", enabled);
  }

  /** Whether convolutions of 16 images and more may use NNPACK. */
  boolean nnpack() {
    return call("_ZNK2at7Context17userEnabledNNPACKEv");
  }

  void nnpack(boolean enabled) {
    set("_ZN2at7Context20setUserEnabledNNPACKEb", enabled);
  }

  private boolean call(String getter) {
    // A C++ bool comes back in the low byte of the return register; the rest is undefined.
    return (function(getter).invokeInt(new Object[] {context}) & 0xff) != 0;
  }

  private void set(String setter, boolean enabled) {
    function(setter).invokeVoid(new Object[] {context, enabled ? 1 : 0});
  }

  private Function function(String symbol) {
    try {
      return library.getFunction(symbol);
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException("libtorch " + library.getFile() + " has no " + symbol, e);
    }
  }
}
