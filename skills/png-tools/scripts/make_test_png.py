#!/usr/bin/env python3
"""Write a small gradient PNG (standard library only) for trying the png-tools scripts.

Pixel (x, y) of a W x H image, with integer (floor) division:
  R = 255*x // (W-1)      G = 255*y // (H-1)      B = 255*(x+y) // (W+H-2)
  A = 255 - 128*x // (W-1)                      (rgba mode)
  gray = 255*(x+y) // (W+H-2)                   (gray mode)
A divisor of 0 (a 1-pixel-wide or -high image) counts as 1.

--filter chooses the PNG row filter used when encoding, so every decoder path can be
exercised: none, sub, up, average, paeth, or mixed (row y uses filter y % 5).
"""
from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import zlib

PROG = "make_test_png.py"
FILTERS = {"none": 0, "sub": 1, "up": 2, "average": 3, "paeth": 4}
MODES = {"gray": (0, 1), "rgb": (2, 3), "rgba": (6, 4)}  # name -> (color type, channels)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind: int, row: bytes, prior: bytes, bpp: int) -> bytes:
    out = bytearray(len(row))
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prior[i]
        c = prior[i - bpp] if i >= bpp else 0
        if kind == 0:
            pred = 0
        elif kind == 1:
            pred = a
        elif kind == 2:
            pred = b
        elif kind == 3:
            pred = (a + b) // 2
        else:
            pred = paeth(a, b, c)
        out[i] = (x - pred) & 0xFF
    return bytes([kind]) + bytes(out)


def pixel(x: int, y: int, w: int, h: int, mode: str) -> list[int]:
    dx, dy, dxy = max(w - 1, 1), max(h - 1, 1), max(w + h - 2, 1)
    if mode == "gray":
        return [255 * (x + y) // dxy]
    rgb = [255 * x // dx, 255 * y // dy, 255 * (x + y) // dxy]
    return rgb + [255 - 128 * x // dx] if mode == "rgba" else rgb


def build_png(width: int, height: int, mode: str, filter_name: str) -> bytes:
    color_type, channels = MODES[mode]
    prior = bytes(width * channels)
    raw = bytearray()
    for y in range(height):
        row = bytes(v for x in range(width) for v in pixel(x, y, width, height, mode))
        kind = y % 5 if filter_name == "mixed" else FILTERS[filter_name]
        raw += filter_row(kind, row, prior, channels)
        prior = row
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    text = b"Software\x00skvm png-tools make_test_png.py"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"tEXt", text)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a small 8-bit gradient PNG. Prints a JSON summary.")
    parser.add_argument("out", help="output PNG path, e.g. gradient.png")
    parser.add_argument("--width", type=int, default=64, help="width in pixels (default 64)")
    parser.add_argument("--height", type=int, default=32, help="height in pixels (default 32)")
    parser.add_argument("--mode", choices=sorted(MODES), default="rgb", help="pixel format (default rgb)")
    parser.add_argument("--filter", choices=[*FILTERS, "mixed"], default="mixed",
                        help="row filter used for encoding (default mixed: all five types)")
    args = parser.parse_args(argv)
    for name in ("width", "height"):
        value = getattr(args, name)
        if not 1 <= value <= 4096:
            parser.error(f"--{name} must be between 1 and 4096, got {value}")
    out_dir = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(out_dir):
        print(f"{PROG}: error: output directory does not exist: {out_dir}", file=sys.stderr)
        return 2

    data = build_png(args.width, args.height, args.mode, args.filter)
    with open(args.out, "wb") as fh:
        fh.write(data)
    print(json.dumps({"out": args.out, "width": args.width, "height": args.height, "mode": args.mode,
                      "filter": args.filter, "bytes": len(data)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
