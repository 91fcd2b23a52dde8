# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_repo=$1; shift
_skvm_from=$1; shift
_skvm_to=$1; shift
bash "${SKVM_SKILL_DIR}/scripts/changelog.sh" --repo "${_skvm_repo/#\~\//$HOME/}" --from "${_skvm_from/#\~\//$HOME/}" --to "${_skvm_to/#\~\//$HOME/}"
