# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_top=${2}
shift 2
python3 "${SKVM_SKILL_DIR}/scripts/text_stats.py" "${_skvm_path/#\~\//$HOME/}" --top "${_skvm_top/#\~\//$HOME/}"
