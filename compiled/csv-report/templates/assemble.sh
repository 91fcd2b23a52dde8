# skvm: parameters arrive as arguments, in this order
_skvm_validation=${1} _skvm_stats=${2} _skvm_histograms=${3} _skvm_outliers=${4} _skvm_title=${5} _skvm_out=${6}
shift 6
python3 "${SKVM_SKILL_DIR}/scripts/assemble.py" --validation "${_skvm_validation/#\~\//$HOME/}" --stats "${_skvm_stats/#\~\//$HOME/}"    --histograms "${_skvm_histograms/#\~\//$HOME/}" --outliers "${_skvm_outliers/#\~\//$HOME/}"    --title "${_skvm_title}" --out "${_skvm_out/#\~\//$HOME/}"
