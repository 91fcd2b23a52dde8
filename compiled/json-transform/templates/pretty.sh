# skvm: parameters arrive as arguments, in this order
_skvm_path=${1}
shift 1
bash "${SKVM_SKILL_DIR}/scripts/pretty.sh" "${_skvm_path/#\~\//$HOME/}" | head -40
