# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_select=${2} _skvm_filter=${3} _skvm_filter_2=${4} _skvm_to=${5} _skvm_out=${6}
shift 6
node "${SKVM_SKILL_DIR}/scripts/transform.mjs" "${_skvm_path/#\~\//$HOME/}" --select "${_skvm_select/#\~\//$HOME/}"    --filter "${_skvm_filter/#\~\//$HOME/}" --filter "${_skvm_filter_2/#\~\//$HOME/}" --flatten --to "${_skvm_to/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
