#!/usr/bin/env python3
"""Suggest the next semantic version from conventional-commit messages.

Rules (https://www.conventionalcommits.org):
  breaking change ("type!:" or a "BREAKING CHANGE:" footer) -> major
  feat                                                       -> minor
  fix / perf                                                 -> patch
  anything else (docs, chore, refactor, test, ...)           -> no release

Commits come from a git range (--repo/--from/--to) or from a text file of
messages, one subject per line (--messages FILE, "-" for stdin).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

PROG = "bump_version.py"
SEMVER = re.compile(r"^(?P<prefix>v?)(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
                    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+(?P<build>[0-9A-Za-z.-]+))?$")
HEADER = re.compile(r"^(?P<type>[A-Za-z]+)(?:\((?P<scope>[^)]*)\))?(?P<bang>!)?:\s*(?P<text>.+)$")
FOOTER = re.compile(r"^BREAKING[ -]CHANGE:", re.MULTILINE)
RANK = {"none": 0, "patch": 1, "minor": 2, "major": 3}


def fail(message: str, code: int = 2) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    sys.exit(code)


def git(repo: str, *args: str) -> str | None:
    """Run git with an argument list (never a shell string); None when git reports an error."""
    proc = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def commits_from_git(repo: str, from_ref: str | None, to_ref: str) -> tuple[list[tuple[str, str]], str | None, str]:
    if shutil.which("git") is None:
        fail("git is not installed")
    if not os.path.isdir(repo):
        fail(f"repository directory not found: {repo}")
    if git(repo, "rev-parse", "--git-dir") is None:
        fail(f"not a git repository: {repo}")
    for ref in filter(None, (from_ref, to_ref)):
        if git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
            fail(f"unknown ref '{ref}' in {repo}")
    # The current release is the latest tag at the start of the range (or at TO when no start is given).
    tag = git(repo, "describe", "--tags", "--abbrev=0", from_ref or to_ref)
    latest_tag = tag.strip() if tag else None
    if from_ref is None:
        from_ref = latest_tag
    rev_range = f"{from_ref}..{to_ref}" if from_ref else to_ref
    log = git(repo, "log", "--no-merges", "--format=%h%x1f%s%x1f%b%x1e", rev_range)
    if log is None:
        fail(f"git log failed for range {rev_range}")
    commits = []
    for record in log.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        short, subject, body = (record.split("\x1f") + ["", ""])[:3]
        commits.append((f"{subject} ({short})", subject + "\n\n" + body))
    return commits, latest_tag, rev_range


def commits_from_file(path: str) -> list[tuple[str, str]]:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except FileNotFoundError:
        fail(f"messages file not found: {path}")
    except IsADirectoryError:
        fail(f"messages path is a directory: {path}")
    return [(line.strip(), line.strip()) for line in text.splitlines() if line.strip()]


def classify(message: str) -> tuple[str, str]:
    """Return (kind, bump) for one full commit message."""
    subject = message.splitlines()[0] if message else ""
    m = HEADER.match(subject)
    if m and (m["bang"] or FOOTER.search(message)):
        return "breaking", "major"
    if FOOTER.search(message):
        return "breaking", "major"
    if not m:
        return "other", "none"
    kind = m["type"].lower()
    if kind in ("feat", "feature"):
        return "feat", "minor"
    if kind in ("fix", "bugfix", "perf"):
        return "fix", "patch"
    if kind in ("docs", "doc"):
        return "docs", "none"
    return "other", "none"


def next_version(current: str, bump: str) -> str:
    m = SEMVER.match(current)
    if not m:
        fail(f"current version is not semver (X.Y.Z): {current!r}")
    major, minor, patch = int(m["major"]), int(m["minor"]), int(m["patch"])
    if bump == "none":
        return f"{major}.{minor}.{patch}" + (f"-{m['pre']}" if m["pre"] else "")
    if m["pre"]:
        # 1.3.0-rc.1 plus a minor-or-smaller change releases as 1.3.0.
        if bump == "patch" or (bump == "minor" and patch == 0) or (bump == "major" and minor == patch == 0):
            return f"{major}.{minor}.{patch}"
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Suggest the next semver from conventional commits. Prints JSON.")
    parser.add_argument("--repo", default=".", help="git repository (default: current directory)")
    parser.add_argument("--from", dest="from_ref", help="exclusive start ref (default: latest tag before --to)")
    parser.add_argument("--to", dest="to_ref", default="HEAD", help="inclusive end ref (default: HEAD)")
    parser.add_argument("--current", help="current version, e.g. 1.4.2 (default: latest tag, else 0.0.0)")
    parser.add_argument("--messages", metavar="FILE", help="read commit subjects from FILE ('-' = stdin) instead of git")
    parser.add_argument("--plain", action="store_true", help="print only the next version")
    args = parser.parse_args(argv)

    if args.messages:
        commits, latest_tag, rev_range = commits_from_file(args.messages), None, None
    else:
        commits, latest_tag, rev_range = commits_from_git(args.repo, args.from_ref, args.to_ref)

    current = args.current or latest_tag or "0.0.0"
    m = SEMVER.match(current)
    if not m:
        fail(f"current version is not semver (X.Y.Z): {current!r}" + ("" if args.current else " (from the latest tag; pass --current)"))
    prefix = m["prefix"]
    counts = {"breaking": 0, "feat": 0, "fix": 0, "docs": 0, "other": 0}
    bump, reasons = "none", []
    for label, message in commits:
        kind, level = classify(message)
        counts[kind] += 1
        if level != "none":
            reasons.append(f"{level}: {label}")
        if RANK[level] > RANK[bump]:
            bump = level
    version = next_version(current, bump)
    result = {
        "current": current.removeprefix(prefix),
        "next": version,
        "bump": bump,
        "tag": prefix + version if bump != "none" else None,
        "range": rev_range,
        "commits": len(commits),
        "counts": counts,
        "reasons": reasons,
    }
    print(version if args.plain else json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
