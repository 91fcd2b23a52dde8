#!/usr/bin/env python3
"""Per-column profile of a CSV file: inferred type, counts, nulls and summary statistics.

Numeric columns get min/max/mean/median/stdev/sum, text columns get length
range and most common values, date columns get the date range.
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
from collections import Counter

from table_io import clean, is_null, load_table, pick_columns, read_validation, to_number, write_json

PROG = "column_stats.py"
BOOL_TOKENS = {"true", "false", "yes", "no", "t", "f", "y", "n"}


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

    validation = read_validation(PROG, args.validation)
    header, rows = load_table(PROG, args.csv, validation, args.delimiter)
    columns = [
        profile_column(header[i], [row[i] for row in rows], args.top)
        for i in pick_columns(PROG, header, args.columns)
    ]
    write_json({"file": args.csv, "rows": len(rows), "columns": columns}, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
