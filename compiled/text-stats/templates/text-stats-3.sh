# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_files=("${@:2:$1}"); shift "$(($1 + 1))"
_skvm_min_length=$1; shift
python3 "${SKVM_SKILL_DIR}/scripts/text_stats.py" "${_skvm_files[@]/#\~\//$HOME/}" --keep-stopwords --min-length "${_skvm_min_length/#\~\//$HOME/}"
