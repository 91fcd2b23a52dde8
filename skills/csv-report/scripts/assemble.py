#!/usr/bin/env python3
"""Combine the JSON outputs of the csv-report steps into one Markdown report.

Inputs (all written by the earlier steps):
  --stats stats.json            from column_stats.py
  --histograms histograms.json  from histograms.py
  --outliers outliers.json      from outliers.py
  --validation validation.json  from validate.py (optional)
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from table_io import fail

PROG = "assemble.py"


def load(path: str, flag: str, required_keys: tuple[str, ...]) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        fail(PROG, f"{flag} file not found: {path}")
    except json.JSONDecodeError as exc:
        fail(PROG, f"{flag} file {path} is not valid JSON: {exc}")
    if not isinstance(data, dict) or any(k not in data for k in required_keys):
        fail(PROG, f"{flag} file {path} is missing keys {list(required_keys)}; was it written by the right script?")
    if "columns" in required_keys and not (
        isinstance(data["columns"], list) and all(isinstance(c, dict) and "name" in c for c in data["columns"])
    ):
        fail(PROG, f"{flag} file {path} has no per-column list; was it written by the right script?")
    return data


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|")


def table(headers: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


def build(title: str, validation: dict | None, stats: dict, hists: dict, outl: dict) -> str:
    src = stats.get("file", "?")
    lines = [f"# {title}", "", f"Source: `{src}`", ""]

    lines += ["## Overview", ""]
    numeric = [c for c in stats["columns"] if c["type"] in ("integer", "float")]
    lines.append(f"- Rows: {stats['rows']}")
    lines.append(f"- Columns: {len(stats['columns'])} ({len(numeric)} numeric)")
    if validation:
        lines.append(f"- Delimiter: `{json.dumps(validation.get('delimiter', ','))}`, encoding: {validation.get('encoding', '?')}")
        for w in validation.get("warnings", []):
            lines.append(f"- Warning: {w}")
    total_nulls = sum(c["nulls"] for c in stats["columns"])
    lines.append(f"- Missing cells: {total_nulls}")
    lines.append(f"- Outliers (IQR, k={outl.get('k', 1.5)}): {outl.get('total_outliers', 0)}")
    lines.append("")

    lines += ["## Columns", ""]
    lines += table(
        ["Column", "Type", "Count", "Nulls", "Unique", "Min", "Max", "Mean", "Median"],
        [[c["name"], c["type"], c["count"], c["nulls"], c["unique"], c.get("min"), c.get("max"), c.get("mean"), c.get("median")]
         for c in stats["columns"]],
    )
    lines.append("")

    text_cols = [c for c in stats["columns"] if c.get("top")]
    if text_cols:
        lines += ["## Most common values", ""]
        for c in text_cols:
            tops = ", ".join(f"{t['value']} ({t['count']})" for t in c["top"])
            lines.append(f"- **{c['name']}**: {tops}")
        lines.append("")

    if hists["columns"]:
        lines += ["## Distributions", ""]
        for h in hists["columns"]:
            lines += [f"### {h['name']}", "", "```text", h["text"], "```", ""]

    lines += ["## Outliers", ""]
    flagged = [c for c in outl["columns"] if c.get("outlier_count")]
    if not flagged:
        lines += ["No outliers found.", ""]
    for c in flagged:
        lines.append(
            f"### {c['name']}: {c['outlier_count']} outlier(s) outside "
            f"[{cell(c['lower_fence'])}, {cell(c['upper_fence'])}]"
        )
        lines.append("")
        lines += table(["Row", "Value", "Side"], [[o["row"], o["value"], o["side"]] for o in c["outliers"]])
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Assemble stats/histograms/outliers JSON into a Markdown report.")
    parser.add_argument("--stats", required=True, help="stats.json written by column_stats.py")
    parser.add_argument("--histograms", required=True, help="histograms.json written by histograms.py")
    parser.add_argument("--outliers", required=True, help="outliers.json written by outliers.py")
    parser.add_argument("--validation", help="validation.json written by validate.py (optional)")
    parser.add_argument("--title", default="CSV Report", help="report title (default 'CSV Report')")
    parser.add_argument("--out", help="write the report here (e.g. report.md); without it the Markdown goes to stdout")
    args = parser.parse_args(argv)

    stats = load(args.stats, "--stats", ("rows", "columns"))
    hists = load(args.histograms, "--histograms", ("columns",))
    outl = load(args.outliers, "--outliers", ("columns",))
    validation = load(args.validation, "--validation", ("valid",)) if args.validation else None

    sources = {d.get("file") for d in (stats, hists, outl) if d.get("file")}
    if len(sources) > 1:
        print(f"{PROG}: warning: inputs describe different files: {sorted(sources)}", file=sys.stderr)

    try:
        report = build(args.title, validation, stats, hists, outl)
    except (KeyError, TypeError) as exc:
        fail(PROG, f"input JSON has an unexpected shape ({type(exc).__name__}: {exc}); regenerate it with the csv-report scripts")
    if not args.out:
        sys.stdout.write(report)
        return 0
    out_dir = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(out_dir):
        fail(PROG, f"output directory does not exist: {out_dir}")
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(report)
    print(json.dumps({
        "out": args.out,
        "rows": stats["rows"],
        "columns": len(stats["columns"]),
        "histograms": len(hists["columns"]),
        "outliers": outl.get("total_outliers", 0),
        "bytes": len(report.encode("utf-8")),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
