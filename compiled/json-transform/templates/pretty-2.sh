# skvm: parameters arrive as arguments, in this order
_skvm_indent=${1} _skvm_path=${2}
shift 2
bash "${SKVM_SKILL_DIR}/scripts/pretty.sh" --sort-keys --indent "${_skvm_indent/#\~\//$HOME/}" "${_skvm_path/#\~\//$HOME/}"
