#!/usr/bin/python3
"""Train the bundled classic U-Net on ISBI 2012 slices 0-19, validate on slices 20-24, export TorchScript.

Runs with Debian's PyTorch (python3-torch 1.13) on a CPU:

    /usr/bin/python3 models/unet-isbi2012/train.py --steps 3200

Writes, beside this script: model.pt (TorchScript, loads in libtorch 2.7.1 through DJL),
weights.pth (state dict), validation.json (pixel error and membrane Dice on slices 20-24).
Label convention: label PNG 255 = cell interior -> class 0, 0 = membrane -> class 1.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reference"))
from unet_family import ClassicUNet  # noqa: E402

MARGIN = 92  # (572 - 388) / 2: context lost on each side by the depth-4 valid-convolution U-Net
MEAN, STD = 0.5, 0.25  # mirrored in model.json "normalize"


def load_slices(data: Path, ids):
    images = [np.asarray(Image.open(data / "image" / f"{i}.png"), dtype=np.float32) / 255.0 for i in ids]
    labels = [(np.asarray(Image.open(data / "label" / f"{i}.png")) < 128).astype(np.int64) for i in ids]
    return images, labels


def normalise(x: torch.Tensor) -> torch.Tensor:
    return (x - MEAN) / STD


def elastic(img: torch.Tensor, lab: torch.Tensor, rng: np.random.Generator, sigma: float = 10.0):
    """The paper's elastic deformation: random displacements on a coarse 3x3 grid, bicubic-smoothed."""
    _, _, h, w = img.shape
    coarse = torch.from_numpy(rng.normal(0.0, sigma, size=(1, 2, 3, 3)).astype(np.float32))
    disp = F.interpolate(coarse, size=(h, w), mode="bicubic", align_corners=True)
    ys, xs = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w), indexing="ij")
    grid = torch.stack([xs + disp[0, 0] * 2 / w, ys + disp[0, 1] * 2 / h], dim=-1).unsqueeze(0)
    img = F.grid_sample(img, grid, mode="bilinear", padding_mode="reflection", align_corners=True)
    lab = F.grid_sample(lab.float(), grid, mode="nearest", padding_mode="reflection", align_corners=True)
    return img, lab.long()


def sample_batch(images, labels, batch: int, tile: int, rng: np.random.Generator):
    out = tile - 2 * MARGIN
    xs, ys = [], []
    for _ in range(batch):
        k = rng.integers(len(images))
        img = torch.from_numpy(images[k])[None, None]
        lab = torch.from_numpy(labels[k])[None, None]
        # Mirror-pad as at inference so that border windows are seen in training too.
        img = F.pad(img, (MARGIN,) * 4, mode="reflect")
        lab = F.pad(lab.float(), (MARGIN,) * 4, mode="reflect").long()
        top = rng.integers(img.shape[2] - tile + 1)
        left = rng.integers(img.shape[3] - tile + 1)
        img = img[:, :, top:top + tile, left:left + tile]
        lab = lab[:, :, top:top + tile, left:left + tile]
        rot = int(rng.integers(4))
        img, lab = torch.rot90(img, rot, (2, 3)), torch.rot90(lab, rot, (2, 3))
        if rng.random() < 0.5:
            img, lab = img.flip(3), lab.flip(3)
        if rng.random() < 0.5:
            img, lab = elastic(img, lab, rng)
        img = img * float(rng.uniform(0.85, 1.15)) + float(rng.uniform(-0.08, 0.08))
        xs.append(img)
        ys.append(lab[:, :, MARGIN:MARGIN + out, MARGIN:MARGIN + out])
    return normalise(torch.cat(xs)), torch.cat(ys)[:, 0]


@torch.no_grad()
def predict_whole(model, image: np.ndarray) -> np.ndarray:
    """One pass over the mirror-padded slice; output sides rounded up to 4 mod 16, then cropped."""
    h, w = image.shape
    oh, ow = [s + (4 - s % 16) % 16 for s in (h, w)]
    x = torch.from_numpy(image)[None, None]
    x = F.pad(x, (MARGIN, MARGIN + ow - w, MARGIN, MARGIN + oh - h), mode="reflect")
    logits = model(normalise(x))
    return logits.argmax(1)[0, :h, :w].numpy()


def validate(model, images, labels):
    model.eval()
    wrong = total = inter = pred_pos = true_pos = 0
    for img, lab in zip(images, labels):
        pred = predict_whole(model, img)
        wrong += int((pred != lab).sum())
        total += lab.size
        inter += int(((pred == 1) & (lab == 1)).sum())
        pred_pos += int((pred == 1).sum())
        true_pos += int((lab == 1).sum())
    model.train()
    return {"pixel_error": wrong / total, "membrane_dice": 2 * inter / (pred_pos + true_pos)}


def export(model, path: Path):
    model.eval()
    torch.jit.script(model).save(str(path))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=HERE / "data")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--tile", type=int, default=428, help="training window; output = tile - 184")
    ap.add_argument("--base", type=int, default=16, help="channels of the first level")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--membrane-weight", type=float, default=1.0)
    ap.add_argument("--validate-every", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2015)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train_images, train_labels = load_slices(args.data, range(0, 20))
    val_images, val_labels = load_slices(args.data, range(20, 25))

    model = ClassicUNet(1, 2, base=args.base, batch_norm=True)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / args.steps)))
    weight = torch.tensor([1.0, args.membrane_weight])
    history = []
    start = time.time()
    for step in range(1, args.steps + 1):
        x, y = sample_batch(train_images, train_labels, args.batch, args.tile, rng)
        loss = F.cross_entropy(model(x), y, weight=weight)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.4f} {time.time() - start:.0f}s", flush=True)
        if step % args.validate_every == 0 or step == args.steps:
            metrics = validate(model, val_images, val_labels)
            history.append({"step": step, "seconds": round(time.time() - start), **metrics})
            print(f"validation {history[-1]}", flush=True)
            torch.save(model.state_dict(), HERE / "weights.pth")
            export(model, HERE / "model.pt")
            model.train()

    report = {"train_slices": "0-19", "validation_slices": "20-24", "args": {
        k: str(v) for k, v in vars(args).items()}, "final": history[-1], "history": history,
        "torch": torch.__version__}
    (HERE / "validation.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
