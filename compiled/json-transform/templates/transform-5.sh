# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_select=${2} _skvm_fields=${3} _skvm_to=${4} _skvm_output=${5}
shift 5
node "${SKVM_SKILL_DIR}/scripts/transform.mjs" "${_skvm_path/#\~\//$HOME/}" --select "${_skvm_select/#\~\//$HOME/}" --fields "${_skvm_fields/#\~\//$HOME/}" --to "${_skvm_to/#\~\//$HOME/}" > "${_skvm_output/#\~\//$HOME/}"
