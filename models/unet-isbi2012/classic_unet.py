"""Classic valid-convolution U-Net (Ronneberger et al., 2015), narrowed for CPU inference.

Four 2x2 max-pool steps, two unpadded 3x3 convolutions per level, 2x2 transposed-convolution
upsampling, centre crop and concatenate, 1x1 output convolution. A 572 x 572 window gives a
388 x 388 output, as in the paper. Batch normalisation after each convolution makes a narrow
network train in minutes on a CPU; in eval mode it is a fixed per-channel affine map.

Written to be compiled with torch.jit.script, so the centre crop follows the actual tensor sizes
and any window of the right geometry (output = 4 mod 16) runs.
"""
from typing import List

import torch
from torch import nn


def double_conv(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
    )


def centre_crop(skip: torch.Tensor, size_h: int, size_w: int) -> torch.Tensor:
    top = (skip.shape[2] - size_h) // 2
    left = (skip.shape[3] - size_w) // 2
    return skip[:, :, top:top + size_h, left:left + size_w]


class ClassicUNet(nn.Module):
    def __init__(self, in_channels: int = 1, classes: int = 2, base: int = 16, depth: int = 4):
        super().__init__()
        widths = [base * 2 ** i for i in range(depth + 1)]
        self.down = nn.ModuleList()
        cin = in_channels
        for w in widths:
            self.down.append(double_conv(cin, w))
            cin = w
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList()
        self.merge = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose2d(w * 2, w, 2, stride=2))
            self.merge.append(double_conv(w * 2, w))
        self.head = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips: List[torch.Tensor] = []
        last = len(self.down) - 1
        for i, block in enumerate(self.down):
            x = block(x)
            if i < last:
                skips.append(x)
                x = self.pool(x)
        for i, (up, merge) in enumerate(zip(self.up, self.merge)):
            x = up(x)
            skip = centre_crop(skips[last - 1 - i], x.shape[2], x.shape[3])
            x = merge(torch.cat([skip, x], dim=1))
        return self.head(x)


MARGIN = 92  # (572 - 388) / 2 for depth 4
