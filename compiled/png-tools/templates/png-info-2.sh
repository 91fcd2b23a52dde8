# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_png=("${@:2:$1}"); shift "$(($1 + 1))"
python3 "${SKVM_SKILL_DIR}/scripts/png_info.py" "${_skvm_png[@]/#\~\//$HOME/}" --compact
