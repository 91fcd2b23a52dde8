# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_input=$1; shift
_skvm_output=$1; shift
python3 "${SKVM_SKILL_DIR}/scripts/png_grayscale.py" "${_skvm_input/#\~\//$HOME/}" "${_skvm_output/#\~\//$HOME/}"
