# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_path_2=${2}
shift 2
python3 "${SKVM_SKILL_DIR}/scripts/png_grayscale.py" "${_skvm_path/#\~\//$HOME/}" "${_skvm_path_2/#\~\//$HOME/}"
