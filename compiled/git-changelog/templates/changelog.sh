# skvm: parameters arrive as arguments, in this order
_skvm_repo=${1} _skvm_from=${2} _skvm_to=${3}
shift 3
bash "${SKVM_SKILL_DIR}/scripts/changelog.sh" --repo "${_skvm_repo/#\~\//$HOME/}" --from "${_skvm_from/#\~\//$HOME/}" --to "${_skvm_to/#\~\//$HOME/}"
