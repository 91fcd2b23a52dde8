import { binAlternatives, nodeSpecifier, pythonModule, type CheckedRequires } from "./names.js";
import { asciiJson, bash, bashArray, shq } from "./shell.js";

/**
 * The part verify.sh and install.sh share: the requirement data and the functions that test it.
 * Both scripts must agree on what "present" means, or install would skip what verify reports.
 * Everything here runs under bash 3.2 (macOS) with `set -u`: no mapfile, no associative arrays,
 * and empty arrays expanded as ${A[@]+"${A[@]}"}.
 */

// find_spec on the top-level name only searches the import path: no module code runs.
const PY_PROBE = [
  "import importlib.util, sys",
  "for rec in sys.argv[1:]:",
  "    top = rec.split(' ')[2].split('.')[0]",
  "    try:",
  "        found = importlib.util.find_spec(top) is not None",
  "    except (ImportError, ValueError):",
  "        found = False",
  "    if not found:",
  "        print(rec)",
].join("\n");

// The folders node's resolver would search, checked for <pkg>/package.json; nothing is require()d.
const NODE_PROBE = [
  'const fs = require("fs"), path = require("path");',
  "const dirs = [];",
  "const state = process.env.SKVM_SKILL_STATE;",
  'if (state) dirs.push(path.join(state, "node", "node_modules"));',
  "if (process.env.SKVM_SKILL_DIR) {",
  "  for (let d = path.resolve(process.env.SKVM_SKILL_DIR); ; d = path.dirname(d)) {",
  '    dirs.push(path.join(d, "node_modules"));',
  "    if (path.dirname(d) === d) break;",
  "  }",
  "}",
  'for (const e of (process.env.NODE_PATH || "").split(path.delimiter)) if (e) dirs.push(path.resolve(e));',
  'if (process.env.HOME) dirs.push(path.join(process.env.HOME, ".node_modules"), path.join(process.env.HOME, ".node_libraries"));',
  'dirs.push(path.join(path.dirname(path.dirname(process.execPath)), "lib", "node"));',
  "for (const rec of process.argv.slice(1)) {",
  '  const spec = rec.split(" ")[2], parts = spec.split("/");',
  '  const pkg = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];',
  '  if (!dirs.some((d) => fs.existsSync(path.join(d, pkg, "package.json")))) console.log(rec);',
  "}",
].join("\n");

const FUNCTIONS = bash`SKVM_STATE="\${SKVM_SKILL_STATE:-}"
# The per-skill prefixes come first on PATH, as they do when the skill's scripts run.
if [ -n "$SKVM_STATE" ]; then
  PATH="$SKVM_STATE/venv/bin:$SKVM_STATE/node/node_modules/.bin:$PATH"
  export PATH
fi

SKVM_PY_PROBE=${shq(PY_PROBE)}
SKVM_NODE_PROBE=${shq(NODE_PROBE)}

skvm_python() {
  if [ -n "$SKVM_STATE" ] && [ -x "$SKVM_STATE/venv/bin/python3" ]; then
    printf '%s\n' "$SKVM_STATE/venv/bin/python3"
  else
    type -P python3 || true
  fi
}

# Runs one interpreter over every record and prints the records it could not find. Without the
# interpreter, or when it fails, every record counts as missing: nothing can use them either.
skvm_probe_with() {
  local exe=$1 code=$2 out
  shift 2
  [ "$#" -gt 0 ] || return 0
  if [ -z "$exe" ]; then printf '%s\n' "$@"; return 0; fi
  if out=$("$exe" "-c" "$code" "$@" 2>/dev/null); then
    [ -z "$out" ] || printf '%s\n' "$out"
  else
    printf '%s\n' "$@"
  fi
}

# Records "optional dist module" -> the missing ones, one per line.
probe_python() { skvm_probe_with "$(skvm_python)" "$SKVM_PY_PROBE" "$@"; }

# Records "optional package specifier" -> the missing ones. node takes -e, not -c.
probe_node() {
  local node out
  [ "$#" -gt 0 ] || return 0
  node=$(type -P node || true)
  if [ -z "$node" ]; then printf '%s\n' "$@"; return 0; fi
  if out=$("$node" -e "$SKVM_NODE_PROBE" -- "$@" 2>/dev/null); then
    [ -z "$out" ] || printf '%s\n' "$out"
  else
    printf '%s\n' "$@"
  fi
}

# type -P, not command -v: a shell function or builtin is not an executable a script can run.
bin_present() {
  local b
  for b in "$@"; do
    type -P -- "$b" >/dev/null 2>&1 && return 0
  done
  return 1
}

env_present() { local v=$1; [ -n "\${!v:-}" ]; }

skvm_os() {
  case "$(uname -s 2>/dev/null)" in
    Linux) echo linux ;;
    Darwin) echo darwin ;;
    MINGW* | MSYS* | CYGWIN*) echo win32 ;;
    *) uname -s 2>/dev/null | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9' ;;
  esac
}

os_supported() {
  local here o
  [ "\${#SKVM_OS[@]}" -gt 0 ] || return 0
  here=$(skvm_os)
  for o in "\${SKVM_OS[@]}"; do [ "$o" = "$here" ] && return 0; done
  return 1
}

# True when the text (lines) holds the line exactly; the needle is quoted, so never a pattern.
has_line() {
  case $'\n'"$1"$'\n' in *$'\n'"$2"$'\n'*) return 0 ;; esac
  return 1
}

skvm_join() { local IFS=,; printf '%s' "$*"; }`;

const flag = (optional: boolean): string => (optional ? "1" : "0");

/**
 * The requirements as bash arrays of space-separated records. Only validated names get here, and
 * none of them can hold a space, a quote or a glob character; they are single-quoted all the same.
 */
export function dataSection(checked: CheckedRequires): string {
  const { requires } = checked;
  return [
    "# Requirement records: optional-flag (1 = optional) followed by names.",
    bashArray("PY_REQS", requires.python.map((r) => `${flag(r.optional)} ${r.name} ${pythonModule(r)}`)),
    bashArray("NODE_REQS", requires.node.map((r) => `${flag(r.optional)} ${r.name} ${nodeSpecifier(r)}`)),
    bashArray("BIN_REQS", requires.bins.map((r) => [flag(r.optional), r.name, ...binAlternatives(r)].join(" "))),
    bashArray("ENV_REQS", requires.env.map((r) => `${flag(r.optional)} ${r.name}`)),
    bashArray("SYS_PKGS", checked.systemPackages.map((p) => [p.manager, p.name, ...p.bins].join(" "))),
    bashArray("SKVM_OS", checked.os),
    "# Names that failed validation: reported, never checked or installed.",
    `SKVM_REJECTED=${shq(asciiJson(checked.rejected))}`,
  ].join("\n");
}

export const probeFunctions = (): string => FUNCTIONS;

export const SHEBANG = "#!/usr/bin/env bash";
