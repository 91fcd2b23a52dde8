# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_lines=$1; shift
bash "${SKVM_SKILL_DIR}/scripts/pretty.sh" --lines "${_skvm_lines/#\~\//$HOME/}"
