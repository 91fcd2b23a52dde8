# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_repo=$1; shift
_skvm_from=$1; shift
python3 "${SKVM_SKILL_DIR}/scripts/bump_version.py" --repo "${_skvm_repo/#\~\//$HOME/}" --from "${_skvm_from/#\~\//$HOME/}"
