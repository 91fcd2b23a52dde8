import { bash } from "./shell.js";

// apt and brew: only when they exist and can run without a password prompt.
// Part of install.sh: it relies on the mark_* helpers (install.ts) and the probes (probes.ts).
export const INSTALL_SYSTEM = bash`manager_usable() {
  case "$1" in
    apt) type -P apt-get >/dev/null 2>&1 ;;
    brew) type -P brew >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# pkg_present MANAGER NAME BIN...: its executables are all on PATH, or (none listed) the manager has it.
pkg_present() {
  local mgr=$1 name=$2 b
  shift 2
  if [ "$#" -gt 0 ]; then
    for b in "$@"; do bin_present "$b" || return 1; done
    return 0
  fi
  case "$mgr" in
    apt) dpkg -s "$name" >/dev/null 2>&1 ;;
    brew) brew list --versions "$name" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# Root, or sudo that does not prompt: an install script must never wait for a password.
APT_SUDO=()
apt_allowed() {
  if [ "$(id -u)" = 0 ]; then APT_SUDO=(); return 0; fi
  if type -P sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then APT_SUDO=(sudo -n); return 0; fi
  return 1
}

manual_command() {
  case "$1" in
    apt) printf 'sudo apt-get install -y %s' "$2" ;;
    brew) printf 'brew install %s' "$2" ;;
  esac
}

planned_command() {
  case "$1" in
    apt) printf '%s' "\${APT_SUDO[*]+\${APT_SUDO[*]} }apt-get install -y --no-install-recommends $2" ;;
    brew) printf 'brew install %s' "$2" ;;
  esac
}

# A failed install is retried once after apt-get update: fresh machines often have no index yet.
APT_UPDATED=0
apt_install() {
  local log=$1 name=$2
  run_logged "$log" \${APT_SUDO[@]+"\${APT_SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$name" && return 0
  [ "$APT_UPDATED" = 0 ] || return 1
  APT_UPDATED=1
  progress "apt-get update, then retrying $name"
  run_logged "$log" \${APT_SUDO[@]+"\${APT_SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
  run_logged "$log" \${APT_SUDO[@]+"\${APT_SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$name"
}

# install_package MANAGER NAME BIN...
install_package() {
  local mgr=$1 name=$2 log rc
  shift 2
  if pkg_present "$mgr" "$name" "$@"; then mark_present system "$name"; return 0; fi
  if ! manager_usable "$mgr"; then
    mark_skipped system "$name" "$mgr is not available on this machine" "$(manual_command "$mgr" "$name")"
    return 0
  fi
  # Package names come from skill text: a system-wide install needs the user's explicit yes.
  if [ "\${SKVM_ALLOW_SYSTEM_PACKAGES:-}" != 1 ] && [ "$DRY_RUN" != 1 ]; then
    mark_skipped system "$name" "system packages are installed only when SKVM_ALLOW_SYSTEM_PACKAGES=1" "$(manual_command "$mgr" "$name")"
    return 0
  fi
  if [ "$mgr" = apt ] && ! apt_allowed; then
    mark_skipped system "$name" "needs root, and sudo would ask for a password" "$(manual_command apt "$name")"
    return 0
  fi
  if [ "$DRY_RUN" = 1 ]; then
    progress "would run: $(planned_command "$mgr" "$name")"
    mark_planned system "$name" "$(planned_command "$mgr" "$name")"
    PLANNED_BINS+="$(printf '%s\n' "$@")"$'\n'
    return 0
  fi
  log=$(mktemp)
  progress "$mgr install $name"
  if [ "$mgr" = apt ]; then apt_install "$log" "$name"; else run_logged "$log" brew install "$name"; fi
  rc=$?
  if pkg_present "$mgr" "$name" "$@"; then
    mark_installed system "$name"
  elif [ "$rc" = 0 ]; then
    mark_failed system "$name" "$mgr reported success, but $* is still not on PATH"
  else
    mark_failed system "$name" "$mgr install failed: $(tail_of "$log")"
  fi
  rm -f "$log"
}

# Usable managers first: a package listed for the other manager is then often satisfied already.
install_system() {
  local round rec f usable
  for round in usable other; do
    for rec in \${SYS_PKGS[@]+"\${SYS_PKGS[@]}"}; do
      read -r -a f <<<"$rec"
      if manager_usable "\${f[0]}"; then usable=usable; else usable=other; fi
      [ "$usable" = "$round" ] && install_package "\${f[@]}"
    done
  done
}`;
