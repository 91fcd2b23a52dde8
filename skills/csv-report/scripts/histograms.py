#!/usr/bin/env python3
"""Text histograms for the numeric columns of a CSV file.

Each numeric column is split into equal-width bins; the JSON output carries
the bin edges and counts plus a ready-to-paste text rendering.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys

PROG = "histograms.py"

NULL_TOKENS = {"", "na", "n/a", "nan", "null", "none", "-"}


def fail(message: str, code: int = 2) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    sys.exit(code)


def read_validation(path: str | None) -> dict:
    """Load validation.json written by validate.py (optional)."""
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        fail(f"validation file not found: {path} (run validate.py --out {path} first)")
    except json.JSONDecodeError as exc:
        fail(f"validation file {path} is not JSON: {exc}")
    if not isinstance(data, dict) or "valid" not in data:
        fail(f"{path} does not look like validate.py output")
    if not data["valid"]:
        problems = "; ".join(data.get("errors", [])) or "unknown problem"
        fail(f"validation reported the CSV as invalid, fix it first: {problems}", 1)
    return data


def load_table(path: str, validation: dict, delimiter: str | None = None) -> tuple[list[str], list[list[str]]]:
    """Return (header, rows). Rows are padded/truncated to the header width."""
    if not os.path.isfile(path):
        fail(f"file not found: {path}")
    encoding = validation.get("encoding", "utf-8-sig")
    delim = delimiter or validation.get("delimiter")
    try:
        with open(path, newline="", encoding=encoding) as fh:
            if not delim:
                sample = fh.read(64 * 1024)
                fh.seek(0)
                try:
                    delim = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
                except csv.Error:
                    delim = ","
            records = [r for r in csv.reader(fh, delimiter=delim) if r]
    except UnicodeDecodeError as exc:
        fail(f"cannot decode {path} as {encoding}: {exc}")
    except csv.Error as exc:
        fail(f"cannot parse {path}: {exc}")
    if not records:
        fail(f"{path} is empty: no header row")
    header = [h.strip() for h in records[0]]
    width = len(header)
    rows = [(r + [""] * width)[:width] for r in records[1:]]
    return header, rows


def pick_columns(header: list[str], wanted: str | None) -> list[int]:
    if not wanted:
        return list(range(len(header)))
    idx = []
    for name in (w.strip() for w in wanted.split(",")):
        if name not in header:
            fail(f"unknown column {name!r}; columns are: {', '.join(header)}")
        idx.append(header.index(name))
    return idx


def is_null(value: str) -> bool:
    return value.strip().lower() in NULL_TOKENS


def to_number(value: str) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def numeric_values(rows: list[list[str]], col: int) -> list[tuple[int, float]] | None:
    """(1-based data row, value) pairs, or None if any non-null cell is not a number."""
    out = []
    for i, row in enumerate(rows, start=1):
        cell = row[col]
        if is_null(cell):
            continue
        number = to_number(cell)
        if number is None:
            return None
        out.append((i, number))
    return out


def write_json(result: dict, out: str | None) -> None:
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    print(text)


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

    validation = read_validation(args.validation)
    header, rows = load_table(args.csv, validation, args.delimiter)
    explicit = bool(args.columns)
    columns, skipped = [], []
    for i in pick_columns(header, args.columns):
        pairs = numeric_values(rows, i)
        if pairs is None or not pairs:
            if explicit:
                fail(f"column {header[i]!r} is not numeric (or has no values)", 1)
            skipped.append(header[i])
            continue
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
