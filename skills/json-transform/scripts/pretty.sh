#!/usr/bin/env bash
# Pretty-print JSON (or NDJSON with --lines) using python3's json.tool, falling back to node.
set -euo pipefail

prog=pretty.sh
usage() {
  cat <<'USAGE'
Usage: pretty.sh [--indent N] [--sort-keys] [--lines] [--engine python|node] [FILE|-]

Pretty-print a JSON document. Reads FILE, or stdin when FILE is "-" or omitted.
  --indent N        spaces per level (default 2)
  --sort-keys       sort object keys
  --lines           input is NDJSON: pretty-print every line as its own document
  --engine NAME     force python (python3 -m json.tool) or node; default: python3 if present
  -h, --help        show this help
Exit codes: 0 ok, 1 invalid JSON, 2 bad usage or unreadable file.
USAGE
}
die() { printf '%s: error: %s\n' "$prog" "$1" >&2; exit "${2:-2}"; }

indent=2 sort_keys=0 lines=0 engine="" file="-"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --indent) [ $# -ge 2 ] || die "--indent needs a value"; indent=$2; shift 2 ;;
    --indent=*) indent=${1#*=}; shift ;;
    --sort-keys) sort_keys=1; shift ;;
    --lines) lines=1; shift ;;
    --engine) [ $# -ge 2 ] || die "--engine needs a value"; engine=$2; shift 2 ;;
    --engine=*) engine=${1#*=}; shift ;;
    --) shift; [ $# -gt 0 ] && { file=$1; shift; }; break ;;
    -) file=-; shift ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) file=$1; shift ;;
  esac
done
[ $# -eq 0 ] || die "unexpected extra argument: $1"
case "$indent" in ''|*[!0-9]*) die "--indent must be a non-negative integer, got '$indent'" ;; esac

if [ "$file" != "-" ]; then
  [ -e "$file" ] || die "file not found: $file"
  [ -f "$file" ] || die "not a regular file: $file"
  [ -r "$file" ] || die "file is not readable: $file"
fi

label=$file
[ "$file" = "-" ] && label="input (stdin)"

if [ -z "$engine" ]; then
  if command -v python3 >/dev/null 2>&1; then engine=python
  elif command -v node >/dev/null 2>&1; then engine=node
  else die "neither python3 nor node is installed"
  fi
fi

case "$engine" in
  python)
    command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH"
    args=(--indent "$indent")
    [ "$sort_keys" -eq 1 ] && args+=(--sort-keys)
    [ "$lines" -eq 1 ] && args+=(--json-lines)
    [ "$file" = "-" ] || args+=("$file")
    rc=0
    python3 -m json.tool "${args[@]}" || rc=$?
    # json.tool exits 1 on a parse error (its message is already on stderr); 32 = EPIPE (e.g. | head).
    [ "$rc" -eq 1 ] && die "$label is not valid JSON" 1
    [ "$rc" -eq 32 ] && exit 0
    exit "$rc"
    ;;
  node)
    command -v node >/dev/null 2>&1 || die "node not found on PATH"
    # The script is a fixed string; the file name and options travel as argv.
    node -e '
      const fs = require("fs");
      process.stdout.on("error", (e) => { if (e.code === "EPIPE") process.exit(0); throw e; });
      const [file, indent, sortKeys, lines] = process.argv.slice(1);
      const sortDeep = (v) => Array.isArray(v) ? v.map(sortDeep)
        : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])])) : v;
      const text = fs.readFileSync(file === "-" ? 0 : file, "utf8").replace(/^\uFEFF/, "");
      const docs = lines === "1" ? text.split(/\r?\n/).filter((l) => l.trim()) : [text];
      for (const [i, doc] of docs.entries()) {
        let value;
        try { value = JSON.parse(doc); }
        catch (e) { console.error((lines === "1" ? "line " + (i + 1) + ": " : "") + e.message); process.exit(1); }
        if (sortKeys === "1") value = sortDeep(value);
        process.stdout.write(JSON.stringify(value, null, Number(indent)) + "\n");
      }
    ' "$file" "$indent" "$sort_keys" "$lines" || die "$label is not valid JSON" 1
    ;;
  *) die "--engine must be python or node, got '$engine'" ;;
esac
