# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_validation=${2} _skvm_out=${3}
shift 3
python3 "${SKVM_SKILL_DIR}/scripts/column_stats.py" "${_skvm_path/#\~\//$HOME/}" --validation "${_skvm_validation/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
