# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_validation=${2} _skvm_k=${3} _skvm_out=${4}
shift 4
python3 "${SKVM_SKILL_DIR}/scripts/outliers.py" "${_skvm_path/#\~\//$HOME/}" --validation "${_skvm_validation/#\~\//$HOME/}" --k "${_skvm_k/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
