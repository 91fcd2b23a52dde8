# skvm: parameters arrive as arguments, in this order
_skvm_repo=${1} _skvm_from=${2}
shift 2
python3 "${SKVM_SKILL_DIR}/scripts/bump_version.py" --repo "${_skvm_repo/#\~\//$HOME/}" --from "${_skvm_from/#\~\//$HOME/}"
