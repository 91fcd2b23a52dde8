#!/usr/bin/env python3
"""Describe a PNG file as JSON: dimensions, bit depth, color type, chunk list, text metadata.

Verifies the signature and every chunk CRC, and (with --verify-data, on by default)
that the image data decompresses to the size the header promises.
Standard library only (struct + zlib).
"""
from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import zlib

PROG = "png_info.py"
SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOR_TYPES = {0: ("grayscale", 1), 2: ("rgb", 3), 3: ("palette", 1), 4: ("grayscale+alpha", 2), 6: ("rgba", 4)}
VALID_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}


class PngError(Exception):
    pass


def read_chunks(data: bytes) -> list[dict]:
    if not data.startswith(SIGNATURE):
        raise PngError("not a PNG file (bad signature)")
    pos, chunks = len(SIGNATURE), []
    while pos < len(data):
        if pos + 8 > len(data):
            raise PngError(f"truncated chunk header at byte {pos}")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise PngError(f"chunk {kind.decode('latin-1')!r} at byte {pos} runs past the end of the file")
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:end])
        chunks.append({
            "type": kind.decode("latin-1"),
            "offset": pos,
            "length": length,
            "crc_ok": zlib.crc32(kind + body) & 0xFFFFFFFF == crc,
            "data": body,
        })
        pos = end
        if kind == b"IEND":
            break
    return chunks


def describe(path: str, verify_data: bool) -> dict:
    with open(path, "rb") as fh:
        data = fh.read()
    chunks = read_chunks(data)
    if not chunks or chunks[0]["type"] != "IHDR" or chunks[0]["length"] != 13:
        raise PngError("first chunk must be a 13-byte IHDR")
    width, height, depth, color_type, compression, filter_method, interlace = struct.unpack(">IIBBBBB", chunks[0]["data"])
    if color_type not in COLOR_TYPES:
        raise PngError(f"invalid color type {color_type}")
    name, channels = COLOR_TYPES[color_type]
    warnings = []
    if depth not in VALID_DEPTHS[color_type]:
        warnings.append(f"bit depth {depth} is not allowed for color type {color_type}")
    if not any(c["type"] == "IEND" for c in chunks):
        warnings.append("missing IEND chunk (file truncated?)")
    bad_crc = [c["type"] for c in chunks if not c["crc_ok"]]
    if bad_crc:
        warnings.append(f"CRC mismatch in chunk(s): {', '.join(bad_crc)}")

    info = {
        "file": path,
        "size_bytes": len(data),
        "width": width,
        "height": height,
        "bit_depth": depth,
        "color_type": color_type,
        "color_type_name": name,
        "channels": channels,
        "compression_method": compression,
        "filter_method": filter_method,
        "interlace": "adam7" if interlace == 1 else "none",
        "chunks": [{k: c[k] for k in ("type", "offset", "length", "crc_ok")} for c in chunks],
        "idat_count": sum(c["type"] == "IDAT" for c in chunks),
        "idat_bytes": sum(c["length"] for c in chunks if c["type"] == "IDAT"),
        "text": {},
    }
    for c in chunks:
        if c["type"] == "tEXt" and b"\x00" in c["data"]:
            key, _, value = c["data"].partition(b"\x00")
            info["text"][key.decode("latin-1")] = value.decode("latin-1")
        elif c["type"] == "PLTE":
            info["palette_entries"] = c["length"] // 3
        elif c["type"] == "gAMA" and c["length"] == 4:
            info["gamma"] = struct.unpack(">I", c["data"])[0] / 100000
        elif c["type"] == "pHYs" and c["length"] == 9:
            ppx, ppy, unit = struct.unpack(">IIB", c["data"])
            info["pixels_per_unit"] = {"x": ppx, "y": ppy, "unit": "meter" if unit == 1 else "unknown"}
            if unit == 1:
                info["dpi"] = {"x": round(ppx * 0.0254, 2), "y": round(ppy * 0.0254, 2)}

    if verify_data and info["idat_count"]:
        try:
            raw = zlib.decompress(b"".join(c["data"] for c in chunks if c["type"] == "IDAT"))
            info["decompressed_bytes"] = len(raw)
            if interlace == 0:
                expected = height * (1 + (width * channels * depth + 7) // 8)
                info["data_ok"] = len(raw) == expected
                if len(raw) != expected:
                    warnings.append(f"image data is {len(raw)} bytes, header implies {expected}")
        except zlib.error as exc:
            info["data_ok"] = False
            warnings.append(f"image data does not decompress: {exc}")
    elif info["idat_count"] == 0:
        warnings.append("no IDAT chunk: the file has no image data")
    info["warnings"] = warnings
    info["valid"] = not warnings
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print PNG header fields and chunk list as JSON.")
    parser.add_argument("png", nargs="+", help="PNG file(s) to inspect")
    parser.add_argument("--no-verify-data", dest="verify", action="store_false",
                        help="skip decompressing the image data")
    parser.add_argument("--compact", action="store_true", help="single-line JSON")
    args = parser.parse_args(argv)

    results, status = [], 0
    for path in args.png:
        if not os.path.isfile(path):
            print(f"{PROG}: error: file not found: {path}", file=sys.stderr)
            status = 2
            continue
        try:
            info = describe(path, args.verify)
        except PngError as exc:
            print(f"{PROG}: error: {path}: {exc}", file=sys.stderr)
            status = max(status, 1)
            continue
        if not info["valid"]:
            status = max(status, 1)
            for w in info["warnings"]:
                print(f"{PROG}: warning: {path}: {w}", file=sys.stderr)
        results.append(info)
    if results:
        out = results[0] if len(args.png) == 1 else results
        print(json.dumps(out, indent=None if args.compact else 2))
    return status


if __name__ == "__main__":
    sys.exit(main())
