# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_path=$1; shift
bash "${SKVM_SKILL_DIR}/scripts/pretty.sh" "${_skvm_path/#\~\//$HOME/}" | head -40
