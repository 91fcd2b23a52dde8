# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_out=$1; shift
_skvm_width=$1; shift
_skvm_height=$1; shift
_skvm_mode=$1; shift
for _skvm_v in "${_skvm_out}"; do case $_skvm_v in -) ;; -*) printf '%s\n' "PARAM_OPTION_LIKE: parameter out is an operand; a value starting with '-' would be read as an option (hint: write ./-name for a file named so)" >&2; exit 64 ;; esac; done
python3 "${SKVM_SKILL_DIR}/scripts/make_test_png.py" "${_skvm_out/#\~\//$HOME/}" --width "${_skvm_width/#\~\//$HOME/}" --height "${_skvm_height/#\~\//$HOME/}" --mode "${_skvm_mode/#\~\//$HOME/}"
