import { bash } from "./shell.js";

// Python and npm: probe, install only the missing required ones, probe again to report honestly.
// Part of install.sh: it relies on the mark_* helpers (install.ts) and the probes (probes.ts).
export const INSTALL_LANGUAGES = bash`# sort_records KIND PROBE RECORD...: reports what is there, sets WANT to the missing required records.
sort_records() {
  local kind=$1 probe=$2 rec opt name missing
  shift 2
  WANT=()
  [ "$#" -gt 0 ] || return 0
  missing=$("$probe" "$@")
  for rec in "$@"; do
    read -r opt name _ <<<"$rec"
    if ! has_line "$missing" "$rec"; then
      mark_present "$kind" "$name"
    elif [ "$opt" = 1 ]; then
      mark_skipped "$kind" "$name" "optional (mentioned as an alternative), not installed"
    else
      WANT+=("$rec")
    fi
  done
}

# settle KIND PROBE ERROR RECORD...: whatever is findable now was installed; the rest failed.
settle() {
  local kind=$1 probe=$2 error=$3 rec opt name missing
  shift 3
  missing=$("$probe" "$@")
  for rec in "$@"; do
    read -r opt name _ <<<"$rec"
    if has_line "$missing" "$rec"; then mark_failed "$kind" "$name" "$error"; else mark_installed "$kind" "$name"; fi
  done
}

# Sets NAMES to the package names of the records.
names_of() {
  local rec opt name
  NAMES=()
  for rec in "$@"; do
    read -r opt name _ <<<"$rec"
    NAMES+=("$name")
  done
}

install_python() {
  local venv="$SKVM_STATE/venv" log py rc plan name
  sort_records python probe_python \${PY_REQS[@]+"\${PY_REQS[@]}"}
  [ "\${#WANT[@]}" -gt 0 ] || return 0
  names_of "\${WANT[@]}"
  # --system-site-packages: what the system already has keeps counting, only the gaps are installed.
  plan="python3 -m venv --system-site-packages $(quoted "$venv") && $(quoted "$venv/bin/python3") -m pip install \${NAMES[*]}"
  if [ "$DRY_RUN" = 1 ]; then
    progress "would run: $plan"
    for name in "\${NAMES[@]}"; do mark_planned python "$name" "$plan"; done
    return 0
  fi
  log=$(mktemp)
  if [ ! -x "$venv/bin/python3" ]; then
    py=$(type -P python3 || true)
    if [ -z "$py" ]; then settle python probe_python "python3 is not on PATH" "\${WANT[@]}"; rm -f "$log"; return 0; fi
    progress "creating virtualenv $venv"
    mkdir -p "$SKVM_STATE"
    if ! run_logged "$log" "$py" -m venv --system-site-packages "$venv"; then
      settle python probe_python "python3 -m venv failed: $(tail_of "$log")" "\${WANT[@]}"
      rm -f "$log"
      return 0
    fi
  fi
  progress "pip install \${NAMES[*]}"
  run_logged "$log" "$venv/bin/python3" -m pip install --disable-pip-version-check --no-input -- "\${NAMES[@]}"
  rc=$?
  if [ "$rc" = 0 ]; then
    settle python probe_python "pip installed it, but its module is still not found (is the import name right?)" "\${WANT[@]}"
  else
    settle python probe_python "pip install failed: $(tail_of "$log")" "\${WANT[@]}"
  fi
  rm -f "$log"
}

install_node() {
  local prefix="$SKVM_STATE/node" log rc plan name
  sort_records node probe_node \${NODE_REQS[@]+"\${NODE_REQS[@]}"}
  [ "\${#WANT[@]}" -gt 0 ] || return 0
  names_of "\${WANT[@]}"
  plan="npm install --prefix $(quoted "$prefix") --no-audit --no-fund \${NAMES[*]}"
  if [ "$DRY_RUN" = 1 ]; then
    progress "would run: $plan"
    for name in "\${NAMES[@]}"; do mark_planned node "$name" "$plan"; done
    return 0
  fi
  if ! type -P npm >/dev/null 2>&1; then settle node probe_node "npm is not on PATH" "\${WANT[@]}"; return 0; fi
  mkdir -p "$prefix"
  log=$(mktemp)
  progress "npm install \${NAMES[*]}"
  # The prefix keeps a package.json, so a later install never prunes an earlier one.
  run_logged "$log" npm install --prefix "$prefix" --no-audit --no-fund --no-progress -- "\${NAMES[@]}"
  rc=$?
  if [ "$rc" = 0 ]; then
    settle node probe_node "npm installed it, but the module is still not found" "\${WANT[@]}"
  else
    settle node probe_node "npm install failed: $(tail_of "$log")" "\${WANT[@]}"
  fi
  rm -f "$log"
}`;
