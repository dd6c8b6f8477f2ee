"""PyTorch reference definitions of the five U-Net architectures slideseg builds in Java.

Written for this repository from the descriptions in the seed articles; module names are the
parameter names of the exported weights, so the Java blocks (org.slideseg.common.unet) load a
state_dict of any of these networks by name. Every constructor takes (in_channels, out_channels,
base): out_channels is 1 for a sigmoid head, the number of classes for a softmax head.

    unet-classic     Ronneberger et al. 2015: valid 3x3 convolutions, 2x2 max-pool, 2x2 transposed
                     convolution, centre crop and concatenate, 1x1 head. Optional batch norm.
    unet-bn          (Conv-BN-ReLU) x 2, same padding; bilinear (align_corners=True) or transposed
                     upsampling; zero pad-to-match before concatenation; bottleneck halved when
                     bilinear.
    unet-bn-reduce   unet-bn with convolutions before pooling and a 1x1 Conv-BN-ReLU reduction
                     before the bilinear upsampling.
    unet-bn-crop     batch norm, valid encoder, transposed upsampling; the skip features are cropped
                     by negative padding; same-padded decoder convolutions.
    unet++           nested dense skip pathways of VGG blocks, bilinear upsampling, four deep
                     supervision heads: "accurate" averages them, "fast" keeps head k and only the
                     nodes it depends on.
"""
from typing import List

import torch
import torch.nn.functional as F
from torch import nn


def conv_block(cin: int, cout: int, padding: int, batch_norm: bool = True) -> nn.Sequential:
    """(Conv 3x3 [-> BN] -> ReLU) x 2."""
    layers: List[nn.Module] = []
    for c_in in (cin, cout):
        layers.append(nn.Conv2d(c_in, cout, 3, padding=padding))
        if batch_norm:
            layers.append(nn.BatchNorm2d(cout))
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


def up_bilinear(x: torch.Tensor) -> torch.Tensor:
    return F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=True)


def pad_to(x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """Zero-pads x (smaller) to the height and width of like, splitting the difference."""
    dy = like.shape[2] - x.shape[2]
    dx = like.shape[3] - x.shape[3]
    return F.pad(x, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])


class ClassicUNet(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, base: int = 64, batch_norm: bool = False):
        super().__init__()
        widths = [base * 2 ** i for i in range(5)]
        self.down = nn.ModuleList()
        cin = in_channels
        for w in widths:
            self.down.append(conv_block(cin, w, 0, batch_norm))
            cin = w
        self.up = nn.ModuleList(nn.ConvTranspose2d(w * 2, w, 2, stride=2) for w in reversed(widths[:-1]))
        self.merge = nn.ModuleList(conv_block(w * 2, w, 0, batch_norm) for w in reversed(widths[:-1]))
        self.head = nn.Conv2d(widths[0], out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for i, block in enumerate(self.down):
            x = block(x)
            if i < 4:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for i, (up, merge) in enumerate(zip(self.up, self.merge)):
            x = up(x)
            skip = skips[3 - i]
            top = (skip.shape[2] - x.shape[2]) // 2
            left = (skip.shape[3] - x.shape[3]) // 2
            skip = skip[:, :, top:top + x.shape[2], left:left + x.shape[3]]
            x = merge(torch.cat([skip, x], dim=1))
        return self.head(x)


class Up(nn.Module):
    """Upsample, pad to the skip's size, concatenate [skip, up], convolve."""

    def __init__(self, cin: int, cout: int, bilinear: bool):
        super().__init__()
        self.up = None if bilinear else nn.ConvTranspose2d(cin, cin // 2, 2, stride=2)
        self.conv = conv_block(cin, cout, 1)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = up_bilinear(x) if self.up is None else self.up(x)
        return self.conv(torch.cat([skip, pad_to(x, skip)], dim=1))


class BatchNormUNet(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, base: int = 64, bilinear: bool = True):
        super().__init__()
        b, f = base, 2 if bilinear else 1
        self.inc = conv_block(in_channels, b, 1)
        self.down1 = nn.Sequential(nn.MaxPool2d(2), conv_block(b, 2 * b, 1))
        self.down2 = nn.Sequential(nn.MaxPool2d(2), conv_block(2 * b, 4 * b, 1))
        self.down3 = nn.Sequential(nn.MaxPool2d(2), conv_block(4 * b, 8 * b, 1))
        self.down4 = nn.Sequential(nn.MaxPool2d(2), conv_block(8 * b, 16 * b // f, 1))
        self.up1 = Up(16 * b, 8 * b // f, bilinear)
        self.up2 = Up(8 * b, 4 * b // f, bilinear)
        self.up3 = Up(4 * b, 2 * b // f, bilinear)
        self.up4 = Up(2 * b, b, bilinear)
        self.outc = nn.Conv2d(b, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x4 = self.down3(x3)
        x = self.down4(x4)
        x = self.up1(x, x4)
        x = self.up2(x, x3)
        x = self.up3(x, x2)
        x = self.up4(x, x1)
        return self.outc(x)


class ReduceUp(nn.Module):
    """1x1 Conv-BN-ReLU to half the channels, bilinear upsample, pad, concatenate, convolve."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.reduce = nn.Sequential(nn.Conv2d(cin, cin // 2, 1), nn.BatchNorm2d(cin // 2), nn.ReLU(inplace=True))
        self.conv = conv_block(cin, cout, 1)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = up_bilinear(self.reduce(x))
        return self.conv(torch.cat([skip, pad_to(x, skip)], dim=1))


class ReducingUNet(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, base: int = 64):
        super().__init__()
        b = base
        self.inc = conv_block(in_channels, b, 1)
        # Each level convolves, then pools: the seed's DownConv order.
        self.down1 = conv_block(b, 2 * b, 1)
        self.down2 = conv_block(2 * b, 4 * b, 1)
        self.down3 = conv_block(4 * b, 8 * b, 1)
        self.down4 = conv_block(8 * b, 16 * b, 1)
        self.up1 = ReduceUp(16 * b, 8 * b)
        self.up2 = ReduceUp(8 * b, 4 * b)
        self.up3 = ReduceUp(4 * b, 2 * b)
        self.up4 = ReduceUp(2 * b, b)
        self.outc = nn.Conv2d(b, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x1 = self.inc(x)
        x2 = F.max_pool2d(self.down1(x1), 2)
        x3 = F.max_pool2d(self.down2(x2), 2)
        x4 = F.max_pool2d(self.down3(x3), 2)
        x = F.max_pool2d(self.down4(x4), 2)
        x = self.up1(x, x4)
        x = self.up2(x, x3)
        x = self.up3(x, x2)
        x = self.up4(x, x1)
        return self.outc(x)


class CropUp(nn.Module):
    """Transposed convolution, skip cropped by negative padding, concatenate [up, skip], convolve."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.conv = conv_block(cin, cout, 1)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = self.up(x)
        offset = x.shape[2] - skip.shape[2]
        skip = F.pad(skip, [offset // 2] * 4)
        return self.conv(torch.cat([x, skip], dim=1))


class CroppingUNet(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, base: int = 64):
        super().__init__()
        w = [base * 2 ** i for i in range(5)]
        self.encoder = nn.ModuleList(conv_block(c_in, c_out, 0) for c_in, c_out in zip([in_channels] + w[:-1], w))
        self.decoder = nn.ModuleList(CropUp(w[i + 1], w[i]) for i in reversed(range(4)))
        self.last = nn.Conv2d(base, out_channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for i, block in enumerate(self.encoder):
            x = block(x if i == 0 else F.max_pool2d(x, 2))
            skips.append(x)
        x = skips.pop()
        for decoder in self.decoder:
            x = decoder(x, skips.pop())
        return self.last(x)


class VGGBlock(nn.Module):
    def __init__(self, cin: int, cmid: int, cout: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cmid, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(cmid)
        self.conv2 = nn.Conv2d(cmid, cout, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(x)))


class NestedUNet(nn.Module):
    """UNet++. Node X(i, j) is level i (resolution 1/2^i), column j; head k reads X(0, k)."""

    def __init__(self, in_channels: int, out_channels: int, base: int = 32, mode: str = "accurate", head: int = 4):
        super().__init__()
        assert mode in ("accurate", "fast") and 1 <= head <= 4
        self.mode, self.head = mode, head
        f = [base * 2 ** i for i in range(5)]
        self.nodes = nn.ModuleDict()
        for i in range(5):
            for j in range(5 - i):
                cin = in_channels if (i, j) == (0, 0) else f[i - 1] if j == 0 else f[i] * j + f[i + 1]
                self.nodes[f"conv{i}_{j}"] = VGGBlock(cin, f[i], f[i])
        self.finals = nn.ModuleDict({f"final{k}": nn.Conv2d(f[0], out_channels, 1) for k in range(1, 5)})

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        depth = 4 if self.mode == "accurate" else self.head
        X = {}
        for s in range(depth + 1):  # anti-diagonal s = i + j: every node it needs is computed
            for i in range(s, -1, -1):
                j = s - i
                if j == 0:
                    inp = x if i == 0 else F.max_pool2d(X[(i - 1, 0)], 2)
                else:
                    up = up_bilinear(X[(i + 1, j - 1)])
                    same = [X[(i, k)] for k in range(j)]
                    inp = torch.cat(same + [pad_to(up, same[0])], dim=1)
                X[(i, j)] = self.nodes[f"conv{i}_{j}"](inp)
        if self.mode == "fast":
            return self.finals[f"final{self.head}"](X[(0, self.head)])
        return torch.stack([self.finals[f"final{k}"](X[(0, k)]) for k in range(1, 5)]).mean(0)


ARCHITECTURES = {
    "unet-classic": ClassicUNet,
    "unet-bn": BatchNormUNet,
    "unet-bn-reduce": ReducingUNet,
    "unet-bn-crop": CroppingUNet,
    "unet++": NestedUNet,
}


def build(architecture: dict, in_channels: int, out_channels: int) -> nn.Module:
    """The network a model.json "architecture" object names, with its hyper-parameters."""
    a = dict(architecture)
    name = a.pop("name")
    kwargs = {"base": a.pop("base")}
    if "batchNorm" in a:
        kwargs["batch_norm"] = a.pop("batchNorm")
    if "upsampling" in a:
        kwargs["bilinear"] = a.pop("upsampling") == "bilinear"
    if "mode" in a:
        kwargs["mode"] = a.pop("mode")
    if "head" in a:
        kwargs["head"] = a.pop("head")
    if a:
        raise ValueError(f"unknown hyper-parameters for {name}: {sorted(a)}")
    return ARCHITECTURES[name](in_channels, out_channels, **kwargs)
