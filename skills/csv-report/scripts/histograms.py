#!/usr/bin/env python3
"""Text histograms for the numeric columns of a CSV file.

Each numeric column is split into equal-width bins; the JSON output carries
the bin edges and counts plus a ready-to-paste text rendering.
"""
from __future__ import annotations

import argparse
import sys

from table_io import load_table, numeric_columns, read_validation, write_json

PROG = "histograms.py"


def fmt(number: float) -> str:
    return f"{number:.6g}"


def histogram(values: list[float], bins: int) -> list[dict]:
    low, high = min(values), max(values)
    if low == high:
        return [{"low": low, "high": high, "count": len(values)}]
    width = (high - low) / bins
    counts = [0] * bins
    for v in values:
        idx = min(int((v - low) / width), bins - 1)  # the maximum lands in the last bin
        counts[idx] += 1
    return [
        {"low": round(low + i * width, 10), "high": round(low + (i + 1) * width, 10), "count": c}
        for i, c in enumerate(counts)
    ]


def render(bins: list[dict], bar_width: int, char: str) -> str:
    peak = max(b["count"] for b in bins) or 1
    labels = [f"[{fmt(b['low'])}, {fmt(b['high'])}{']' if i == len(bins) - 1 else ')'}" for i, b in enumerate(bins)]
    pad = max(len(label) for label in labels)
    lines = []
    for label, b in zip(labels, bins):
        bar = char * max(1 if b["count"] else 0, round(bar_width * b["count"] / peak))
        lines.append(" ".join(part for part in (label.ljust(pad), bar, str(b["count"])) if part))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Text histograms for numeric CSV columns. Prints JSON.")
    parser.add_argument("csv", help="path to the CSV file")
    parser.add_argument("--out", help="also write the JSON result to this file (e.g. histograms.json)")
    parser.add_argument("--validation", help="validation.json from validate.py (reuses its delimiter/encoding)")
    parser.add_argument("--delimiter", help="force a delimiter instead of sniffing")
    parser.add_argument("--columns", help="comma-separated numeric columns (default: every numeric column)")
    parser.add_argument("--bins", type=int, default=10, help="number of equal-width bins (default 10)")
    parser.add_argument("--width", type=int, default=40, help="length of the longest bar in characters (default 40)")
    parser.add_argument("--char", default="#", help="bar character (default '#')")
    args = parser.parse_args(argv)
    if args.bins < 1:
        parser.error("--bins must be >= 1")
    if args.width < 1:
        parser.error("--width must be >= 1")
    if len(args.char) != 1:
        parser.error("--char must be a single character")

    validation = read_validation(PROG, args.validation)
    header, rows = load_table(PROG, args.csv, validation, args.delimiter)
    numeric, skipped = numeric_columns(PROG, header, rows, args.columns)
    columns = []
    for i, pairs in numeric:
        values = [v for _, v in pairs]
        bins = histogram(values, args.bins)
        columns.append({
            "name": header[i],
            "count": len(values),
            "min": min(values),
            "max": max(values),
            "bins": bins,
            "text": render(bins, args.width, args.char),
        })
    write_json({"file": args.csv, "bins": args.bins, "columns": columns, "skipped": skipped}, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
