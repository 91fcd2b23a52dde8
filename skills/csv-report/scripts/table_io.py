"""Helpers shared by the csv-report scripts: reading the table, null and number
handling, JSON output and error exits.

This is a module, not a command: the scripts next to it import it with
``from table_io import ...`` (Python puts a script's own folder first on
sys.path, so that works from any working directory). Functions that can fail
take ``prog``, the calling script's name, so error messages keep naming the
script the user ran.
"""
from __future__ import annotations

import csv
import json
import math
import os
import sys

NULL_TOKENS = {"", "na", "n/a", "nan", "null", "none", "-"}
SNIFF_BYTES = 64 * 1024
CANDIDATE_DELIMITERS = ",;\t|"


def fail(prog: str, message: str, code: int = 2) -> None:
    """Print ``<prog>: error: <message>`` to stderr and exit with ``code``."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    sys.exit(code)


def sniff_delimiter(sample: str) -> str:
    """The delimiter csv.Sniffer finds among , ; TAB |, or ',' when it finds none."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=CANDIDATE_DELIMITERS).delimiter
    except csv.Error:
        return ","


def read_validation(prog: str, path: str | None) -> dict:
    """Load validation.json written by validate.py (optional)."""
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        fail(prog, f"validation file not found: {path} (run validate.py --out {path} first)")
    except json.JSONDecodeError as exc:
        fail(prog, f"validation file {path} is not JSON: {exc}")
    if not isinstance(data, dict) or "valid" not in data:
        fail(prog, f"{path} does not look like validate.py output")
    if not data["valid"]:
        problems = "; ".join(data.get("errors", [])) or "unknown problem"
        fail(prog, f"validation reported the CSV as invalid, fix it first: {problems}", 1)
    return data


def load_table(
    prog: str, path: str, validation: dict, delimiter: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """Return (header, rows). Rows are padded/truncated to the header width."""
    if not os.path.isfile(path):
        fail(prog, f"file not found: {path}")
    encoding = validation.get("encoding", "utf-8-sig")
    delim = delimiter or validation.get("delimiter")
    try:
        with open(path, newline="", encoding=encoding) as fh:
            if not delim:
                sample = fh.read(SNIFF_BYTES)
                fh.seek(0)
                delim = sniff_delimiter(sample)
            records = [r for r in csv.reader(fh, delimiter=delim) if r]
    except UnicodeDecodeError as exc:
        fail(prog, f"cannot decode {path} as {encoding}: {exc}")
    except csv.Error as exc:
        fail(prog, f"cannot parse {path}: {exc}")
    if not records:
        fail(prog, f"{path} is empty: no header row")
    header = [h.strip() for h in records[0]]
    width = len(header)
    rows = [(r + [""] * width)[:width] for r in records[1:]]
    return header, rows


def pick_columns(prog: str, header: list[str], wanted: str | None) -> list[int]:
    """Indexes of the comma-separated column names in ``wanted`` (all columns when empty)."""
    if not wanted:
        return list(range(len(header)))
    idx = []
    for name in (w.strip() for w in wanted.split(",")):
        if name not in header:
            fail(prog, f"unknown column {name!r}; columns are: {', '.join(header)}")
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


def numeric_columns(
    prog: str, header: list[str], rows: list[list[str]], wanted: str | None
) -> tuple[list[tuple[int, list[tuple[int, float]]]], list[str]]:
    """Split the chosen columns into numeric ones, as (index, numeric_values) pairs,
    and the names of the rest. A column named in ``wanted`` that is not numeric
    (or has no values) is an error (exit 1) rather than skipped."""
    numeric, skipped = [], []
    for i in pick_columns(prog, header, wanted):
        pairs = numeric_values(rows, i)
        if pairs is None or not pairs:
            if wanted:
                fail(prog, f"column {header[i]!r} is not numeric (or has no values)", 1)
            skipped.append(header[i])
            continue
        numeric.append((i, pairs))
    return numeric, skipped


def clean(number: float) -> float | int:
    """Round for readability; keep integers as integers."""
    if float(number).is_integer():
        return int(number)
    return round(number, 6)


def write_json(result: dict, out: str | None) -> None:
    """Print ``result`` as indented JSON and, with ``out``, write the same text there."""
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    print(text)
