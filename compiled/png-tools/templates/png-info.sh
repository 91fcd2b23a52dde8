# skvm: parameters arrive as arguments, in this order
_skvm_path=${1}
shift 1
python3 "${SKVM_SKILL_DIR}/scripts/png_info.py" "${_skvm_path/#\~\//$HOME/}"
