# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_select=${2} _skvm_filter=${3} _skvm_filter_2=${4} _skvm_to=${5} _skvm_out=${6}
shift 6
node "${SKVM_SKILL_DIR}/scripts/transform.mjs" "${_skvm_path}" --select "${_skvm_select}"    --filter "${_skvm_filter}" --filter "${_skvm_filter_2}" --flatten --to "${_skvm_to}" --out "${_skvm_out}"
