#!/usr/bin/python3
"""Exports U-Net weights for slideseg's Java blocks, and writes the parity fixtures.

Runs with Debian's PyTorch (python3-torch):

    /usr/bin/python3 models/reference/export.py weights MODEL_DIR STATE_DICT.pth
        Writes MODEL_DIR/weights.npz from a state_dict of the network MODEL_DIR/model.json names.
    /usr/bin/python3 models/reference/export.py random MODEL_DIR
        Writes MODEL_DIR/weights.npz of a randomly initialised network (for benchmarks).
    /usr/bin/python3 models/reference/export.py balance MODEL_DIR IMAGE
        Shifts the head biases of MODEL_DIR/weights.npz so that each class's median logit on
        IMAGE's first window is 0: random weights then give masks with edges (for tests).
    /usr/bin/python3 models/reference/export.py fixtures OUT_DIR
        For each small test instance: OUT_DIR/<case>/model.json, weights.npz (random weights and
        batch-norm statistics) and fixture.npz (an input batch and PyTorch's eval-mode output).

weights.npz holds one float32 array per state_dict entry, named as in PyTorch (batch norm's
num_batches_tracked counters are dropped: they do not affect inference).
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import segment  # noqa: E402
from unet_family import build  # noqa: E402

# name, architecture, input channels, classes, activation, fixture input (N, H, W), window geometry
CASES = [
    ("unet-classic", {"name": "unet-classic", "base": 4, "batchNorm": False}, 1, 2, "sigmoid",
     (2, 220, 220), {"inputTile": 220, "outputTile": 36, "pooling": 16}),
    ("unet-classic-bn", {"name": "unet-classic", "base": 4, "batchNorm": True}, 1, 2, "softmax",
     (2, 204, 220), {"inputTile": 236, "outputTile": 52, "pooling": 16}),
    ("unet-bn-bilinear", {"name": "unet-bn", "base": 4, "upsampling": "bilinear"}, 3, 3, "softmax",
     (2, 37, 45), {"inputTile": 96, "outputTile": 96, "halo": 16, "pooling": 16}),
    ("unet-bn-transposed", {"name": "unet-bn", "base": 4, "upsampling": "transposed"}, 1, 2, "sigmoid",
     (2, 37, 45), {"inputTile": 96, "outputTile": 96, "halo": 16, "pooling": 16}),
    ("unet-bn-reduce", {"name": "unet-bn-reduce", "base": 4}, 3, 2, "softmax",
     (2, 37, 45), {"inputTile": 96, "outputTile": 96, "halo": 16, "pooling": 16}),
    ("unet-bn-crop", {"name": "unet-bn-crop", "base": 4}, 1, 2, "softmax",
     (2, 188, 188), {"inputTile": 252, "outputTile": 128, "halo": 32, "pooling": 16}),
    ("unet++-accurate", {"name": "unet++", "base": 4, "mode": "accurate"}, 1, 2, "softmax",
     (2, 37, 45), {"inputTile": 96, "outputTile": 96, "halo": 16, "pooling": 16}),
    ("unet++-fast", {"name": "unet++", "base": 4, "mode": "fast", "head": 2}, 1, 2, "softmax",
     (2, 37, 45), {"inputTile": 96, "outputTile": 96, "halo": 16, "pooling": 16}),
]
COLORS = ["#00000000", "#ff2020", "#2080ff"]


def state_arrays(model: torch.nn.Module) -> dict:
    return {k: v.detach().numpy().astype(np.float32)
            for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def randomise_batch_norm(model: torch.nn.Module, gen: torch.Generator):
    """Non-trivial running statistics and affine parameters, so parity tests exercise eval-mode BN."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=gen) * 0.1)


def heads(model: torch.nn.Module):
    """The 1 x 1 convolutions that give the logits (UNet++ has four)."""
    return [m for name, m in model.named_modules()
            if name in ("head", "outc", "last") or name.startswith("finals.")]


def amplify_heads(model: torch.nn.Module, factor: float = 30.0):
    """Outputs of order 10 rather than 0.3, so that a 1e-4 tolerance tells a wrong operation (a
    misaligned upsampling differs by ~1e-3 relative) from float rounding (~1e-7 relative)."""
    for m in heads(model):
        m.weight.data.mul_(factor)
        m.bias.data.mul_(factor)


def balance(model_dir: Path, image: Path):
    """Random weights give one class almost everywhere on a real image, and a mask that says
    little. Shifts each class's head bias by its median logit on IMAGE's first window, so that
    the classes split the image and a mask compared with another has edges to get wrong."""
    spec, model = segment.load(model_dir)
    with torch.no_grad():
        logits = model(segment.window(segment.read_image(image, spec), spec, 0, 0))[0]
        medians = logits.flatten(1).median(1).values
        for m in heads(model):
            m.bias.data.sub_(medians)
    np.savez(model_dir / spec["file"], **state_arrays(model))


def model_json(case: str, arch: dict, channels: int, classes: int, activation: str, geometry: dict) -> dict:
    names = ["background", "foreground", "other"][:classes]
    return {"name": case, "format": "npz", "file": "weights.npz", "architecture": arch,
            "inputChannels": channels, **geometry,
            "normalize": {"scale": 1 / 255, "mean": [0.5], "std": [0.25]},
            "activation": activation, "classes": names, "colors": COLORS[:classes], "mpp": None}


def fixtures(out: Path):
    for i, (case, arch, channels, classes, activation, (n, h, w), geometry) in enumerate(CASES):
        gen = torch.Generator().manual_seed(2015 + i)
        torch.manual_seed(2015 + i)
        full = dict(arch, mode="accurate") if arch.get("mode") == "fast" else arch
        model = build(full, channels, 1 if activation == "sigmoid" else classes)
        randomise_batch_norm(model, gen)
        amplify_heads(model)
        model.eval()
        if full is not arch:  # the fast network reads the full network's weights
            fast = build(arch, channels, 2)
            fast.load_state_dict(model.state_dict())
            model = fast.eval()
        x = torch.randn(n, channels, h, w, generator=gen)
        with torch.no_grad():
            y = model(x)
        d = out / case
        d.mkdir(parents=True, exist_ok=True)
        np.savez(d / "weights.npz", **state_arrays(model))
        np.savez(d / "fixture.npz", input=x.numpy(), output=y.numpy())
        spec = model_json(case, arch, channels, classes, activation, geometry)
        (d / "model.json").write_text(json.dumps(spec, indent=2) + "\n")
        print(f"{case}: input {tuple(x.shape)} -> output {tuple(y.shape)}, |y| max {y.abs().max():.3f}")


def network(model_dir: Path):
    spec = json.loads((model_dir / "model.json").read_text())
    out_channels = 1 if spec["activation"] == "sigmoid" else len(spec["classes"])
    return spec, build(spec["architecture"], spec["inputChannels"], out_channels)


def weights(model_dir: Path, state_dict: Path):
    spec, model = network(model_dir)
    model.load_state_dict(torch.load(state_dict, map_location="cpu"))
    np.savez(model_dir / spec["file"], **state_arrays(model))


def random_weights(model_dir: Path):
    spec, model = network(model_dir)
    np.savez(model_dir / spec["file"], **state_arrays(model))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "fixtures":
        fixtures(Path(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "random":
        random_weights(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "balance":
        balance(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "weights":
        weights(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)
