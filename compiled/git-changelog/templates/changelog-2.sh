# skvm: parameters arrive as arguments, in this order
_skvm_repo=${1} _skvm_from=${2} _skvm_to=${3} _skvm_title=${4} _skvm_out=${5}
shift 5
bash "${SKVM_SKILL_DIR}/scripts/changelog.sh" --repo "${_skvm_repo/#\~\//$HOME/}" --from "${_skvm_from/#\~\//$HOME/}" --to "${_skvm_to/#\~\//$HOME/}"    --title "${_skvm_title}" --out "${_skvm_out/#\~\//$HOME/}"
