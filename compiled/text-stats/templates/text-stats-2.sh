# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_files=("${@:2:$1}"); shift "$(($1 + 1))"
_skvm_top=$1; shift
_skvm_output=$1; shift
python3 "${SKVM_SKILL_DIR}/scripts/text_stats.py" "${_skvm_files[@]/#\~\//$HOME/}" --top "${_skvm_top/#\~\//$HOME/}" --json > "${_skvm_output/#\~\//$HOME/}"
