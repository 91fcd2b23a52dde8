# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_csv=$1; shift
_skvm_validation=$1; shift
_skvm_out=$1; shift
python3 "${SKVM_SKILL_DIR}/scripts/column_stats.py" "${_skvm_csv/#\~\//$HOME/}" --validation "${_skvm_validation/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
