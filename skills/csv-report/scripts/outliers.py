#!/usr/bin/env python3
"""Find outliers in the numeric columns of a CSV file with Tukey's IQR fences.

A value is an outlier when it lies below Q1 - k*IQR or above Q3 + k*IQR
(k = 1.5 by default; use 3 for "extreme" outliers only).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import sys

PROG = "outliers.py"

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


def clean(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 6)


def analyse(name: str, pairs: list[tuple[int, float]], k: float, limit: int) -> dict:
    values = [v for _, v in pairs]
    if len(values) < 4:
        return {"name": name, "count": len(values), "skipped": "fewer than 4 values"}
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    iqr = q3 - q1
    lower, upper = q1 - k * iqr, q3 + k * iqr
    found = [
        {"row": row, "value": clean(v), "side": "low" if v < lower else "high"}
        for row, v in pairs
        if v < lower or v > upper
    ]
    found.sort(key=lambda o: abs(o["value"] - median), reverse=True)
    return {
        "name": name,
        "count": len(values),
        "q1": clean(q1),
        "median": clean(median),
        "q3": clean(q3),
        "iqr": clean(iqr),
        "lower_fence": clean(lower),
        "upper_fence": clean(upper),
        "outlier_count": len(found),
        "outliers": found[:limit],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="IQR outlier detection for numeric CSV columns. Prints JSON.")
    parser.add_argument("csv", help="path to the CSV file")
    parser.add_argument("--out", help="also write the JSON result to this file (e.g. outliers.json)")
    parser.add_argument("--validation", help="validation.json from validate.py (reuses its delimiter/encoding)")
    parser.add_argument("--delimiter", help="force a delimiter instead of sniffing")
    parser.add_argument("--columns", help="comma-separated numeric columns (default: every numeric column)")
    parser.add_argument("--k", type=float, default=1.5, help="fence multiplier (default 1.5; 3 = extreme only)")
    parser.add_argument("--limit", type=int, default=50, help="max outliers listed per column (default 50)")
    args = parser.parse_args(argv)
    if args.k <= 0:
        parser.error("--k must be > 0")

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
        columns.append(analyse(header[i], pairs, args.k, args.limit))
    total = sum(c.get("outlier_count", 0) for c in columns)
    write_json(
        {"file": args.csv, "method": "iqr", "k": args.k, "total_outliers": total, "columns": columns, "skipped": skipped},
        args.out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
