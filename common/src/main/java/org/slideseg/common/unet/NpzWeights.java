package org.slideseg.common.unet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Weights of a {@link UNetBlock} as a NumPy {@code .npz} archive: one float32 array per PyTorch
 * {@code state_dict} entry, under the same name ({@code down.0.1.running_mean}). Files exported
 * from the PyTorch reference load here, and files saved here load into it.
 */
public final class NpzWeights {
  private NpzWeights() {}

  /**
   * Sets every parameter of an initialised block from {@code file}.
   *
   * @throws IOException naming the file and the first missing, misshapen or unknown array
   */
  public static void load(Path file, UNetBlock block, NDManager manager) throws IOException {
    Map<String, NDArray> arrays = new HashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (NDArray a : NDList.decode(manager, in)) {
        arrays.put(a.getName(), a);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException(file + ": not a readable .npz archive: " + e.getMessage(), e);
    }
    for (Map.Entry<String, Block> layer : block.layers().entrySet()) {
      for (Parameter p : layer.getValue().getDirectParameters().values()) {
        String name = torchName(layer.getKey(), p);
        NDArray a = arrays.remove(name);
        if (a == null) {
          throw new IOException(file + ": no array \"" + name + "\" for this architecture");
        }
        if (!a.getShape().equals(p.getShape())) {
          throw new IOException(
              file + ": \"" + name + "\" has shape " + a.getShape() + ", expected " + p.getShape());
        }
        p.getArray().set(a.toType(DataType.FLOAT32, false).toFloatArray());
      }
    }
    for (String pruned : block.prunedLayers()) {
      arrays.keySet().removeIf(name -> name.startsWith(pruned + "."));
    }
    if (!arrays.isEmpty()) {
      throw new IOException(
          file + ": arrays this architecture does not have: " + new TreeSet<>(arrays.keySet()));
    }
  }

  /** Writes every parameter of {@code block} to {@code out} as an {@code .npz} archive. */
  public static void write(UNetBlock block, OutputStream out) throws IOException {
    NDList list = new NDList();
    for (Map.Entry<String, Block> layer : block.layers().entrySet()) {
      for (Parameter p : layer.getValue().getDirectParameters().values()) {
        NDArray a = p.getArray().toDevice(Device.cpu(), true);
        a.setName(torchName(layer.getKey(), p));
        list.add(a);
      }
    }
    list.encode(out, NDList.Encoding.NPZ);
  }

  /** DJL names batch-norm parameters gamma, beta, runningMean, runningVar; PyTorch otherwise. */
  private static String torchName(String layer, Parameter p) {
    String name =
        switch (p.getName()) {
          case "gamma" -> "weight";
          case "beta" -> "bias";
          case "runningMean" -> "running_mean";
          case "runningVar" -> "running_var";
          default -> p.getName();
        };
    return layer + "." + name;
  }
}
