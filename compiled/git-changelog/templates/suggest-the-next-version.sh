# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_current=$1; shift
printf '%s\n' "feat: add export" "fix: crash on empty file" | \
  python3 "${SKVM_SKILL_DIR}/scripts/bump_version.py" --messages - --current "${_skvm_current/#\~\//$HOME/}" --plain
