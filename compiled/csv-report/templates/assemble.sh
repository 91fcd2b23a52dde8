# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_validation=$1; shift
_skvm_stats=$1; shift
_skvm_histograms=$1; shift
_skvm_outliers=$1; shift
_skvm_title=$1; shift
_skvm_out=$1; shift
python3 "${SKVM_SKILL_DIR}/scripts/assemble.py" --validation "${_skvm_validation/#\~\//$HOME/}" --stats "${_skvm_stats/#\~\//$HOME/}"    --histograms "${_skvm_histograms/#\~\//$HOME/}" --outliers "${_skvm_outliers/#\~\//$HOME/}"    --title "${_skvm_title}" --out "${_skvm_out/#\~\//$HOME/}"
