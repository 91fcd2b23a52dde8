# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_path_2=${2} _skvm_min_length=${3}
shift 3
python3 "${SKVM_SKILL_DIR}/scripts/text_stats.py" "${_skvm_path/#\~\//$HOME/}" "${_skvm_path_2/#\~\//$HOME/}" --keep-stopwords --min-length "${_skvm_min_length/#\~\//$HOME/}"
