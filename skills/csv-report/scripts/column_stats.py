#!/usr/bin/env python3
"""Per-column profile of a CSV file: inferred type, counts, nulls and summary statistics.

Numeric columns get min/max/mean/median/stdev/sum, text columns get length
range and most common values, date columns get the date range.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import statistics
import sys
from collections import Counter

PROG = "column_stats.py"
BOOL_TOKENS = {"true", "false", "yes", "no", "t", "f", "y", "n"}

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


def is_int(value: str) -> bool:
    text = value.strip()
    if text[:1] in "+-":
        text = text[1:]
    return text.isdigit()


def is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value.strip())
        return True
    except ValueError:
        return False


def infer_type(values: list[str]) -> str:
    """Most specific type that every non-null value satisfies."""
    if not values:
        return "empty"
    if all(is_int(v) for v in values):
        return "integer"
    if all(to_number(v) is not None for v in values):
        return "float"
    if all(v.strip().lower() in BOOL_TOKENS for v in values):
        return "boolean"
    if all(is_date(v) for v in values):
        return "date"
    return "string"


def clean(number: float) -> float | int:
    """Round for readability; keep integers as integers."""
    if float(number).is_integer():
        return int(number)
    return round(number, 6)


def profile_column(name: str, cells: list[str], top: int) -> dict:
    present = [c for c in cells if not is_null(c)]
    kind = infer_type(present)
    info: dict = {
        "name": name,
        "type": kind,
        "count": len(present),
        "nulls": len(cells) - len(present),
        "null_pct": round(100.0 * (len(cells) - len(present)) / len(cells), 2) if cells else 0.0,
        "unique": len(set(v.strip() for v in present)),
    }
    if kind in ("integer", "float"):
        nums = [float(v) for v in present]
        info.update(
            min=clean(min(nums)),
            max=clean(max(nums)),
            mean=clean(statistics.fmean(nums)),
            median=clean(statistics.median(nums)),
            stdev=clean(statistics.stdev(nums)) if len(nums) > 1 else 0,
            sum=clean(math.fsum(nums)),
        )
    elif kind == "date":
        dates = sorted(dt.date.fromisoformat(v.strip()) for v in present)
        info.update(min=dates[0].isoformat(), max=dates[-1].isoformat())
    elif kind == "boolean":
        truthy = sum(v.strip().lower() in ("true", "yes", "t", "y") for v in present)
        info.update(true=truthy, false=len(present) - truthy)
    elif kind == "string":
        lengths = [len(v) for v in present]
        info.update(
            min_length=min(lengths),
            max_length=max(lengths),
            top=[{"value": v, "count": n} for v, n in Counter(v.strip() for v in present).most_common(top)],
        )
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile every column of a CSV file. Prints JSON.")
    parser.add_argument("csv", help="path to the CSV file")
    parser.add_argument("--out", help="also write the JSON result to this file (e.g. stats.json)")
    parser.add_argument("--validation", help="validation.json from validate.py (reuses its delimiter/encoding)")
    parser.add_argument("--delimiter", help="force a delimiter instead of sniffing")
    parser.add_argument("--columns", help="comma-separated column names to profile (default: all)")
    parser.add_argument("--top", type=int, default=5, help="most common values to list for text columns (default 5)")
    args = parser.parse_args(argv)
    if args.top < 0:
        parser.error("--top must be >= 0")

    validation = read_validation(args.validation)
    header, rows = load_table(args.csv, validation, args.delimiter)
    columns = [
        profile_column(header[i], [row[i] for row in rows], args.top)
        for i in pick_columns(header, args.columns)
    ]
    write_json({"file": args.csv, "rows": len(rows), "columns": columns}, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
