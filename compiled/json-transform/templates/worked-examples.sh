# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_from=${2} _skvm_to=${3}
shift 3
cat "${_skvm_path/#\~\//$HOME/}" | node "${SKVM_SKILL_DIR}/scripts/transform.mjs" - --from "${_skvm_from/#\~\//$HOME/}" --to "${_skvm_to/#\~\//$HOME/}"
