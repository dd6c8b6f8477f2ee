#!/usr/bin/python3
"""The plain PyTorch baseline for `slideseg bench`: a TorchScript model run over a whole image in
windows at slideseg's stride, batch 1, in one process, as a script written in an afternoon would.
It loads the whole image into memory (slideseg never does), so it only suits images that fit.

Runs with Debian's PyTorch and tifffile (python3-torch, python3-tifffile):

    /usr/bin/python3 models/reference/sliding_window.py MODEL_DIR IMAGE.tif THREADS

MODEL_DIR holds a model.json of format torchscript and its module; IMAGE.tif is read with tifffile
(level 0). Prints seconds reading, in the model's forward passes and end to end, and output Mpx/s.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import tifffile
import torch


def main(model_dir: Path, image: Path, threads: int):
    torch.set_num_threads(threads)
    start = time.perf_counter()
    spec = json.loads((model_dir / "model.json").read_text())
    model = torch.jit.load(str(model_dir / spec["file"])).eval()
    pixels = tifffile.imread(str(image), key=0)
    pixels = pixels.reshape(pixels.shape[0], pixels.shape[1], -1)[:, :, :spec["inputChannels"]]
    height, width = pixels.shape[:2]
    read = time.perf_counter() - start
    norm = spec["normalize"]
    mean = np.asarray(norm["mean"], np.float32).reshape(1, 1, -1)
    std = np.asarray(norm["std"], np.float32).reshape(1, 1, -1)
    tile_in, halo = spec["inputTile"], spec.get("halo", 0)
    pooling = spec.get("pooling", 1)
    kept = (spec["outputTile"] - 2 * halo) // pooling * pooling
    context = (tile_in - spec["outputTile"]) // 2 + halo
    # Mirror the whole image once, wide enough for the last window's context.
    pad_after = kept + tile_in
    padded = np.pad(pixels, ((context, pad_after), (context, pad_after), (0, 0)), mode="reflect")
    mask = np.zeros((height, width), np.uint8)
    forward = 0.0
    with torch.no_grad():
        for y in range(0, height, kept):
            for x in range(0, width, kept):
                win = padded[y:y + tile_in, x:x + tile_in].astype(np.float32)
                win = (win * np.float32(norm["scale"]) - mean) / std
                t = torch.from_numpy(np.ascontiguousarray(win.transpose(2, 0, 1)))[None]
                f = time.perf_counter()
                logits = model(t)[0]
                forward += time.perf_counter() - f
                labels = logits[0] > 0 if spec["activation"] == "sigmoid" else logits.argmax(0)
                h, w = min(kept, height - y), min(kept, width - x)
                mask[y:y + h, x:x + w] = labels[halo:halo + h, halo:halo + w].numpy()
    total = time.perf_counter() - start
    mpx = height * width / 1e6
    print(f"pytorch sliding window: {width} x {height}, {threads} threads, batch 1")
    print(f"  read {read:.1f} s, forward passes {forward:.1f} s, end to end {total:.1f} s")
    print(f"  {mpx / total:.2f} output Mpx/s end to end, {mpx / forward:.2f} in forward passes")
    print(f"  membrane share {float((mask == 1).mean()):.4f}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
