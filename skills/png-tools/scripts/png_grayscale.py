#!/usr/bin/env python3
"""Convert an 8-bit PNG to grayscale using only the standard library (zlib + struct).

Supported input: bit depth 8, non-interlaced, color types 0 (gray), 2 (RGB),
3 (palette), 4 (gray+alpha) and 6 (RGBA). All five PNG row filters (None, Sub,
Up, Average, Paeth) are undone. Luma uses ITU-R BT.601 weights:
    Y = (299*R + 587*G + 114*B + 500) // 1000
Alpha is composited over --background (default white, 255) unless --keep-alpha
is given, in which case a gray+alpha PNG is written.
"""
from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import zlib

PROG = "png_grayscale.py"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
MAX_PIXELS = 64_000_000


class PngError(Exception):
    pass


def read_png(data: bytes) -> tuple[dict, bytes, bytes | None]:
    """Return (header, concatenated IDAT data, palette or None)."""
    if not data.startswith(SIGNATURE):
        raise PngError("not a PNG file (bad signature)")
    pos, header, idat, palette = 8, None, bytearray(), None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise PngError(f"chunk {kind.decode('latin-1')!r} is truncated")
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise PngError(f"CRC mismatch in chunk {kind.decode('latin-1')}")
        if kind == b"IHDR":
            w, h, depth, ctype, comp, filt, interlace = struct.unpack(">IIBBBBB", body)
            header = {"width": w, "height": h, "bit_depth": depth, "color_type": ctype,
                      "compression": comp, "filter": filt, "interlace": interlace}
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise PngError("missing IHDR chunk")
    if not idat:
        raise PngError("missing IDAT chunk (no image data)")
    return header, bytes(idat), palette


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    """Undo the per-row filters; returns one bytearray of raw samples per row."""
    stride = width * bpp
    if len(raw) < height * (stride + 1):
        raise PngError(f"image data too short: {len(raw)} bytes, expected {height * (stride + 1)}")
    rows, prior = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 0:
            pass
        elif kind == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:  # Up
            for i in range(stride):
                line[i] = (line[i] + prior[i]) & 0xFF
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prior[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                if i >= bpp:
                    line[i] = (line[i] + paeth(line[i - bpp], prior[i], prior[i - bpp])) & 0xFF
                else:
                    line[i] = (line[i] + prior[i]) & 0xFF
        else:
            raise PngError(f"row {y}: unknown filter type {kind}")
        rows.append(line)
        prior = line
    return rows


def luma(r: int, g: int, b: int) -> int:
    return (299 * r + 587 * g + 114 * b + 500) // 1000


def to_gray(rows: list[bytearray], header: dict, palette: bytes | None, keep_alpha: bool, background: int) -> list[bytes]:
    ctype, out = header["color_type"], []
    for line in rows:
        if ctype == 0:
            gray, alpha = list(line), None
        elif ctype == 2:
            gray, alpha = [luma(*line[i:i + 3]) for i in range(0, len(line), 3)], None
        elif ctype == 3:
            if palette is None:
                raise PngError("palette image without a PLTE chunk")
            entries = len(palette) // 3
            bad = [i for i in line if i >= entries]
            if bad:
                raise PngError(f"palette index {bad[0]} out of range ({entries} entries)")
            gray, alpha = [luma(*palette[3 * i:3 * i + 3]) for i in line], None
        elif ctype == 4:
            gray, alpha = list(line[0::2]), list(line[1::2])
        else:  # 6
            gray = [luma(*line[i:i + 3]) for i in range(0, len(line), 4)]
            alpha = list(line[3::4])
        if alpha is None:
            out.append(bytes(gray))
        elif keep_alpha:
            out.append(bytes(v for pair in zip(gray, alpha) for v in pair))
        else:
            out.append(bytes((g * a + background * (255 - a) + 127) // 255 for g, a in zip(gray, alpha)))
    return out


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png(path: str, width: int, height: int, color_type: int, rows: list[bytes]) -> int:
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 (None) on every row
    data = (SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert an 8-bit non-interlaced PNG to grayscale. Prints JSON.")
    parser.add_argument("input", help="source PNG")
    parser.add_argument("output", help="destination PNG (may not be the same file as input)")
    parser.add_argument("--keep-alpha", action="store_true", help="write gray+alpha instead of compositing")
    parser.add_argument("--background", type=int, default=255, help="gray level (0-255) under transparent pixels (default 255)")
    args = parser.parse_args(argv)
    if not 0 <= args.background <= 255:
        parser.error("--background must be between 0 and 255")

    def fail(message: str, code: int) -> int:
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return code

    if not os.path.isfile(args.input):
        return fail(f"file not found: {args.input}", 2)
    if os.path.abspath(args.input) == os.path.abspath(args.output):
        return fail("output must differ from input", 2)
    out_dir = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(out_dir):
        return fail(f"output directory does not exist: {out_dir}", 2)

    try:
        with open(args.input, "rb") as fh:
            header, idat, palette = read_png(fh.read())
        if header["bit_depth"] != 8:
            raise PngError(f"bit depth {header['bit_depth']} is not supported (only 8-bit)")
        if header["interlace"] != 0:
            raise PngError("interlaced (Adam7) PNGs are not supported")
        if header["color_type"] not in CHANNELS:
            raise PngError(f"invalid color type {header['color_type']}")
        if header["compression"] != 0 or header["filter"] != 0:
            raise PngError("unknown compression or filter method")
        width, height = header["width"], header["height"]
        if width == 0 or height == 0 or width * height > MAX_PIXELS:
            raise PngError(f"unsupported image size {width}x{height}")
        try:
            raw = zlib.decompress(idat)
        except zlib.error as exc:
            raise PngError(f"image data does not decompress: {exc}") from exc
        rows = unfilter(raw, width, height, CHANNELS[header["color_type"]])
        gray = to_gray(rows, header, palette, args.keep_alpha, args.background)
    except PngError as exc:
        return fail(f"{args.input}: {exc}", 1)

    has_alpha = header["color_type"] in (4, 6)
    out_type = 4 if has_alpha and args.keep_alpha else 0
    size = write_png(args.output, width, height, out_type, gray)
    pixels = [v for row in gray for v in (row[0::2] if out_type == 4 else row)]
    print(json.dumps({
        "input": args.input,
        "output": args.output,
        "width": width,
        "height": height,
        "source_color_type": header["color_type"],
        "output_color_type": out_type,
        "bytes": size,
        "mean_gray": round(sum(pixels) / len(pixels), 3),
        "min_gray": min(pixels),
        "max_gray": max(pixels),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
