#!/usr/bin/python3
"""Segments an image with the PyTorch reference of the family, window by window as slideseg lays
windows, so that a mask the Java job wrote can be compared with PyTorch's pixel for pixel.

Runs with Debian's PyTorch (python3-torch):

    /usr/bin/python3 models/reference/segment.py MODEL_DIR IMAGE OUT.png [MARGINS.f32]

MODEL_DIR holds a model.json of format npz and its weights.npz; IMAGE is gray or RGB (as the model's
inputChannels); OUT.png gets the class of each pixel, and MARGINS.f32 (raw little-endian float32,
row by row) how far each pixel's decision is from a tie: the best logit less the second (|logit| for
sigmoid), so that a comparison can tell a wrong pixel from float rounding at a tie. Windows follow slideseg's WindowGeometry: kept
tiles of (outputTile - 2 halo) rounded down to the pooling factor, laid edge to edge from the top
left, each read with (inputTile - outputTile) / 2 + halo pixels of context left and above, the image
mirrored at its border without repeating the edge pixel.
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from unet_family import build  # noqa: E402


def reflect(i: np.ndarray, n: int) -> np.ndarray:
    """Indices mirrored into [0, n) without repeating the edge (numpy's and PyTorch's "reflect")."""
    if n == 1:
        return np.zeros_like(i)
    period = 2 * (n - 1)
    m = np.mod(i, period)
    return np.where(m < n, m, period - m)


def load(model_dir: Path):
    """The model.json of MODEL_DIR and its network in eval mode, with the weights of weights.npz."""
    spec = json.loads((model_dir / "model.json").read_text())
    sigmoid = spec["activation"] == "sigmoid"
    model = build(spec["architecture"], spec["inputChannels"], 1 if sigmoid else len(spec["classes"]))
    arrays = np.load(model_dir / spec["file"])
    state = {k: torch.from_numpy(arrays[k]) for k in arrays.files}
    missing, unexpected = model.load_state_dict(state, strict=False)
    wrong = [k for k in missing if not k.endswith("num_batches_tracked")] + unexpected
    if wrong:  # batch norm's counters are not exported (export.py); nothing else may be missing
        raise ValueError(f"{model_dir / spec['file']} does not match the network: {wrong}")
    return spec, model.eval()


def read_image(image: Path, spec: dict) -> np.ndarray:
    """The image as (height, width, inputChannels) bytes; gray is repeated for RGB models."""
    channels = spec["inputChannels"]
    pixels = np.asarray(Image.open(image).convert("L" if channels == 1 else "RGB"))
    return pixels.reshape(pixels.shape[0], pixels.shape[1], channels)


def window(pixels: np.ndarray, spec: dict, x: int, y: int) -> torch.Tensor:
    """The normalised (1, C, inputTile, inputTile) window whose kept tile starts at (x, y)."""
    height, width = pixels.shape[:2]
    tile_in = spec["inputTile"]
    context = (tile_in - spec["outputTile"]) // 2 + spec.get("halo", 0)
    rows = reflect(np.arange(y - context, y - context + tile_in), height)
    cols = reflect(np.arange(x - context, x - context + tile_in), width)
    t = torch.from_numpy(pixels[np.ix_(rows, cols)].astype(np.float32)).permute(2, 0, 1).unsqueeze(0)
    norm = spec["normalize"]
    mean = torch.tensor(norm["mean"], dtype=torch.float32).reshape(1, -1, 1, 1)
    std = torch.tensor(norm["std"], dtype=torch.float32).reshape(1, -1, 1, 1)
    return (t * np.float32(norm["scale"]) - mean) / std


def segment(model_dir: Path, image: Path, out: Path, margins_out: Path = None):
    spec, model = load(model_dir)
    pixels = read_image(image, spec)
    height, width = pixels.shape[:2]
    halo = spec.get("halo", 0)
    kept = (spec["outputTile"] - 2 * halo) // spec.get("pooling", 1) * spec.get("pooling", 1)
    mask = np.zeros((height, width), np.uint8)
    margins = np.zeros((height, width), np.float32)
    for y in range(0, height, kept):
        for x in range(0, width, kept):
            with torch.no_grad():
                logits = model(window(pixels, spec, x, y))[0]
            if spec["activation"] == "sigmoid":
                labels, margin = logits[0] > 0, logits[0].abs()
            else:
                top2 = logits.topk(2, dim=0).values
                labels, margin = logits.argmax(0), top2[0] - top2[1]
            h, w = min(kept, height - y), min(kept, width - x)
            mask[y:y + h, x:x + w] = labels[halo:halo + h, halo:halo + w].numpy()
            margins[y:y + h, x:x + w] = margin[halo:halo + h, halo:halo + w].numpy()
    Image.fromarray(mask).save(out)
    if margins_out:
        margins.astype("<f4").tofile(margins_out)


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    segment(*(Path(a) for a in sys.argv[1:]))
