# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_width=${2} _skvm_height=${3} _skvm_mode=${4}
shift 4
python3 "${SKVM_SKILL_DIR}/scripts/make_test_png.py" "${_skvm_path/#\~\//$HOME/}" --width "${_skvm_width/#\~\//$HOME/}" --height "${_skvm_height/#\~\//$HOME/}" --mode "${_skvm_mode/#\~\//$HOME/}"
