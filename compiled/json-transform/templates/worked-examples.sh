# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_path=$1; shift
_skvm_from=$1; shift
_skvm_to=$1; shift
cat "${_skvm_path/#\~\//$HOME/}" | node "${SKVM_SKILL_DIR}/scripts/transform.mjs" - --from "${_skvm_from/#\~\//$HOME/}" --to "${_skvm_to/#\~\//$HOME/}"
