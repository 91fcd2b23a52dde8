#!/usr/bin/env python3
"""Find outliers in the numeric columns of a CSV file with Tukey's IQR fences.

A value is an outlier when it lies below Q1 - k*IQR or above Q3 + k*IQR
(k = 1.5 by default; use 3 for "extreme" outliers only).
"""
from __future__ import annotations

import argparse
import statistics
import sys

from table_io import clean, load_table, numeric_columns, read_validation, write_json

PROG = "outliers.py"


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

    validation = read_validation(PROG, args.validation)
    header, rows = load_table(PROG, args.csv, validation, args.delimiter)
    numeric, skipped = numeric_columns(PROG, header, rows, args.columns)
    columns = [analyse(header[i], pairs, args.k, args.limit) for i, pairs in numeric]
    total = sum(c.get("outlier_count", 0) for c in columns)
    write_json(
        {"file": args.csv, "method": "iqr", "k": args.k, "total_outliers": total, "columns": columns, "skipped": skipped},
        args.out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
