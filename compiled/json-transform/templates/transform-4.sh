# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_select=${2}
shift 2
node "${SKVM_SKILL_DIR}/scripts/transform.mjs" "${_skvm_path/#\~\//$HOME/}" --select "${_skvm_select}" --compact
