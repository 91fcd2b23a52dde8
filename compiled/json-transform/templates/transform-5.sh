# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_path=$1; shift
_skvm_select=$1; shift
_skvm_fields=$1; shift
_skvm_to=$1; shift
_skvm_output=$1; shift
node "${SKVM_SKILL_DIR}/scripts/transform.mjs" "${_skvm_path/#\~\//$HOME/}" --select "${_skvm_select/#\~\//$HOME/}" --fields "${_skvm_fields/#\~\//$HOME/}" --to "${_skvm_to/#\~\//$HOME/}" > "${_skvm_output/#\~\//$HOME/}"
