import type { EnvRequires, SystemPackage } from "../schema.js";
import { checkNames } from "./names.js";
import { dataSection, probeFunctions, SHEBANG } from "./probes.js";
import { INSTALL_LANGUAGES } from "./install-languages.js";
import { INSTALL_SYSTEM } from "./install-system.js";
import { bash } from "./shell.js";

// Arguments, report lists and the helpers that fill them.
const REPORTING = bash`DRY_RUN=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    *) printf 'install.sh: unknown argument (only --dry-run is accepted)\n' >&2; exit 2 ;;
  esac
done
if [ -z "$SKVM_STATE" ]; then
  printf 'install.sh: set SKVM_SKILL_STATE to the folder that holds this skill venv and node prefix\n' >&2
  exit 2
fi

INSTALLED=()
PRESENT=()
FAILED=()
SKIPPED=()
PLANNED=()
PLANNED_BINS=""

# People read stderr; skvm tails SKVM_PROGRESS_FILE because it only sees stderr when we exit.
progress() {
  printf 'skvm-install: %s\n' "$*" >&2
  if [ -n "\${SKVM_PROGRESS_FILE:-}" ]; then printf '%s\n' "$*" >>"$SKVM_PROGRESS_FILE"; fi
}

# Tool output as a JSON string: control characters dropped, quotes and backslashes escaped.
json_str() {
  local s
  s=$(printf '%s' "$1" | tr -d '\000-\010\013\014\016-\037\177')
  s=\${s//\\/\\\\}
  s=\${s//\"/\\\"}
  s=\${s//$'\t'/\\t}
  s=\${s//$'\r'/\\r}
  s=\${s//$'\n'/\\n}
  printf '"%s"' "$s"
}

# Names were validated before they were embedded, so they go into JSON as they are.
item() { printf '{"kind":"%s","name":"%s"' "$1" "$2"; }
mark_present() { PRESENT+=("$(item "$1" "$2")}"); }
mark_installed() { INSTALLED+=("$(item "$1" "$2")}"); progress "installed $1 $2"; }
mark_failed() { FAILED+=("$(item "$1" "$2"),\"error\":$(json_str "$3")}"); progress "FAILED $1 $2: \${3%%$'\n'*}"; }
# One plan may cover several names; the caller prints it once.
mark_planned() { PLANNED+=("$(item "$1" "$2"),\"command\":$(json_str "$3")}"); }
mark_skipped() {
  local extra=""
  [ -z "\${4:-}" ] || extra=",\"command\":$(json_str "$4")"
  SKIPPED+=("$(item "$1" "$2"),\"reason\":$(json_str "$3")$extra}")
  progress "skipped $1 $2: $3\${4:+ (run: $4)}"
}

# run_logged LOG CMD...: output streams to stderr and is kept in LOG for the report.
run_logged() {
  local log=$1
  shift
  "$@" 2>&1 | tee "$log" >&2
  return "\${PIPESTATUS[0]}"
}

tail_of() { tail -n 5 "$1" 2>/dev/null; }
quoted() { printf '%q' "$1"; }`;

// Executables, variables and the platform: reported, since only people can fix the rest.
const FINISH = bash`BINS_AT_START=""
note_bins_at_start() {
  local rec f
  for rec in \${BIN_REQS[@]+"\${BIN_REQS[@]}"}; do
    read -r -a f <<<"$rec"
    if bin_present "\${f[@]:2}"; then BINS_AT_START+="\${f[1]}"$'\n'; fi
  done
}

# package_for BIN...: the first system package that lists one of them.
package_for() {
  local rec f b
  for rec in \${SYS_PKGS[@]+"\${SYS_PKGS[@]}"}; do
    read -r -a f <<<"$rec"
    for b in "$@"; do
      if has_line "$(printf '%s\n' "\${f[@]:2}")" "$b"; then printf '%s' "\${f[1]}"; return 0; fi
    done
  done
  return 1
}

finish_bins() {
  local rec f b pkg planned
  for rec in \${BIN_REQS[@]+"\${BIN_REQS[@]}"}; do
    read -r -a f <<<"$rec"
    if has_line "$BINS_AT_START" "\${f[1]}"; then mark_present bins "\${f[1]}"; continue; fi
    if bin_present "\${f[@]:2}"; then mark_installed bins "\${f[1]}"; continue; fi
    if [ "\${f[0]}" = 1 ]; then mark_skipped bins "\${f[1]}" "optional (mentioned as an alternative), not installed"; continue; fi
    planned=0
    for b in "\${f[@]:2}"; do has_line "$PLANNED_BINS" "$b" && planned=1; done
    [ "$planned" = 0 ] || continue
    if pkg=$(package_for "\${f[@]:2}"); then
      mark_skipped bins "\${f[1]}" "not on PATH: its package $pkg was not installed"
    else
      mark_skipped bins "\${f[1]}" "not on PATH, and no package this skill lists provides it"
    fi
  done
}

finish_env() {
  local rec opt name
  for rec in \${ENV_REQS[@]+"\${ENV_REQS[@]}"}; do
    read -r opt name <<<"$rec"
    if env_present "$name"; then
      mark_present env "$name"
    elif [ "$opt" = 1 ]; then
      mark_skipped env "$name" "optional, not set"
    else
      mark_skipped env "$name" "not set: set it in the environment skvm runs in" "export $name=..."
    fi
  done
}

# Installing anything for a platform the skill does not support would only leave litter behind.
if ! os_supported; then
  mark_skipped os "$(skvm_os)" "this skill supports only: \${SKVM_OS[*]}"
else
  note_bins_at_start
  install_python
  install_node
  install_system
  finish_bins
  finish_env
fi

dry=false
[ "$DRY_RUN" = 0 ] || dry=true
printf '{"installed":[%s],"alreadyPresent":[%s],"failed":[%s],"skipped":[%s],"planned":[%s],"dryRun":%s,"rejected":%s}\n' \
  "$(skvm_join \${INSTALLED[@]+"\${INSTALLED[@]}"})" "$(skvm_join \${PRESENT[@]+"\${PRESENT[@]}"})" \
  "$(skvm_join \${FAILED[@]+"\${FAILED[@]}"})" "$(skvm_join \${SKIPPED[@]+"\${SKIPPED[@]}"})" \
  "$(skvm_join \${PLANNED[@]+"\${PLANNED[@]}"})" "$dry" "$SKVM_REJECTED"
[ "\${#FAILED[@]}" -eq 0 ]`;

/**
 * env/install.sh: idempotent; installs what is missing into per-skill prefixes (a virtualenv and an
 * npm prefix under SKVM_SKILL_STATE) and system packages where that needs no password. Prints one
 * JSON report on stdout (see InstallReport); progress goes to stderr. `--dry-run` only plans.
 * With `os`, it installs nothing on a platform the skill does not support.
 */
export function installScript(env: { requires: EnvRequires; systemPackages: SystemPackage[]; os?: string[] }): string {
  const checked = checkNames(env);
  const header = [
    SHEBANG,
    "# Generated by skvm-mcp (do not edit): installs what this skill needs. Safe to run again.",
    "# Usage: SKVM_SKILL_STATE=<folder> [SKVM_SKILL_DIR=<skill>] bash install.sh [--dry-run]",
    "set -u",
  ];
  return [
    header.join("\n"),
    dataSection(checked),
    probeFunctions(),
    REPORTING,
    INSTALL_LANGUAGES,
    INSTALL_SYSTEM,
    FINISH,
    "",
  ].join("\n\n");
}
