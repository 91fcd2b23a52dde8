#!/usr/bin/env python3
"""Check that a CSV file parses and describe its shape.

Writes a JSON document (to stdout and, with --out, to a file) that the other
csv-report scripts can read back with --validation to reuse the detected
delimiter and encoding.

Exit codes: 0 valid, 1 the file parsed but is not a usable table, 2 the file
could not be read at all (missing, not text, bad arguments).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys

from table_io import SNIFF_BYTES, fail, sniff_delimiter, write_json

PROG = "validate.py"


def detect_encoding(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A truncated multi-byte sequence at the end of the sample is fine.
        if exc.start >= len(raw) - 3:
            return "utf-8"
        return "latin-1"


def detect_delimiter(sample: str, forced: str | None) -> str:
    if forced:
        return "\t" if forced in ("\\t", "tab") else forced
    return sniff_delimiter(sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Validate a CSV file: it parses, has a header and consistent rows. Prints JSON.",
    )
    parser.add_argument("csv", help="path to the CSV file")
    parser.add_argument("--out", help="also write the JSON result to this file (e.g. validation.json)")
    parser.add_argument("--delimiter", help="force a delimiter instead of sniffing (use 'tab' for TAB)")
    parser.add_argument("--max-errors", type=int, default=20, help="how many row problems to list (default 20)")
    args = parser.parse_args(argv)

    if not os.path.exists(args.csv):
        fail(PROG, f"file not found: {args.csv}")
    if os.path.isdir(args.csv):
        fail(PROG, f"expected a file but got a directory: {args.csv}")

    with open(args.csv, "rb") as fh:
        raw_sample = fh.read(SNIFF_BYTES)
    if b"\x00" in raw_sample:
        fail(PROG, f"{args.csv} looks like a binary file (NUL bytes found), not CSV")

    encoding = detect_encoding(raw_sample)
    sample_text = raw_sample.decode(encoding, errors="replace")
    delimiter = detect_delimiter(sample_text, args.delimiter)

    errors: list[str] = []
    warnings: list[str] = []
    header: list[str] = []
    rows = 0
    ragged = 0
    blank_lines = 0
    try:
        with open(args.csv, newline="", encoding=encoding) as fh:
            reader = csv.reader(fh, delimiter=delimiter, strict=True)
            for record in reader:
                if not header:
                    if not record or all(not cell.strip() for cell in record):
                        blank_lines += 1
                        continue
                    header = [cell.strip() for cell in record]
                    continue
                if not record:
                    blank_lines += 1
                    continue
                rows += 1
                if len(record) != len(header):
                    ragged += 1
                    if len(errors) < args.max_errors:
                        errors.append(
                            f"line {reader.line_num}: expected {len(header)} fields, found {len(record)}"
                        )
    except csv.Error as exc:
        errors.append(f"parse error: {exc}")
    except UnicodeDecodeError as exc:
        errors.append(f"cannot decode as {encoding}: {exc}")

    if not header:
        errors.append("no header row: the file is empty")
    else:
        empties = [i + 1 for i, name in enumerate(header) if not name]
        if empties:
            errors.append(f"empty column name(s) at position(s) {empties}")
        counts: dict[str, int] = {}
        for name in header:
            if name:
                counts[name] = counts.get(name, 0) + 1
        dupes = sorted(name for name, n in counts.items() if n > 1)
        if dupes:
            errors.append(f"duplicate column name(s): {dupes}")
    if header and rows == 0:
        warnings.append("header only: the file has no data rows")
    if blank_lines:
        warnings.append(f"{blank_lines} blank line(s) ignored")

    result = {
        "file": args.csv,
        "valid": not errors,
        "encoding": encoding,
        "delimiter": delimiter,
        "header": header,
        "columns": len(header),
        "rows": rows,
        "ragged_rows": ragged,
        "errors": errors,
        "warnings": warnings,
    }
    write_json(result, args.out)
    if errors:
        print(f"{PROG}: {args.csv} is not a valid table: {errors[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
