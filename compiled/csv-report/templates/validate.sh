# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_out=${2}
shift 2
python3 "${SKVM_SKILL_DIR}/scripts/validate.py" "${_skvm_path/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
