# skvm: parameters arrive as arguments, in this order
_skvm_repo=${1} _skvm_from=${2} _skvm_to=${3} _skvm_out=${4}
shift 4
bash "${SKVM_SKILL_DIR}/scripts/changelog.sh" --repo "${_skvm_repo}" --from "${_skvm_from}" --to "${_skvm_to}"    --title "${_skvm_to}" --out "${_skvm_out}"
