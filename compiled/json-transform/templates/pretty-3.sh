# skvm: parameters arrive as arguments, in this order
_skvm_lines=${1}
shift 1
bash "${SKVM_SKILL_DIR}/scripts/pretty.sh" --lines "${_skvm_lines/#\~\//$HOME/}"
