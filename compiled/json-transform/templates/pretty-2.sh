# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_indent=$1; shift
_skvm_path=$1; shift
bash "${SKVM_SKILL_DIR}/scripts/pretty.sh" --sort-keys --indent "${_skvm_indent/#\~\//$HOME/}" "${_skvm_path/#\~\//$HOME/}"
