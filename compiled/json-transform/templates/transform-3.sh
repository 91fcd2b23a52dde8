# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_path=$1; shift
_skvm_select=$1; shift
_skvm_filter=$1; shift
_skvm_filter_2=$1; shift
_skvm_to=$1; shift
_skvm_out=$1; shift
node "${SKVM_SKILL_DIR}/scripts/transform.mjs" "${_skvm_path/#\~\//$HOME/}" --select "${_skvm_select/#\~\//$HOME/}"    --filter "${_skvm_filter/#\~\//$HOME/}" --filter "${_skvm_filter_2/#\~\//$HOME/}" --flatten --to "${_skvm_to/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
