# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_csv=$1; shift
_skvm_validation=$1; shift
_skvm_out=$1; shift
for _skvm_v in "${_skvm_csv}"; do case $_skvm_v in -) ;; -*) printf '%s\n' "PARAM_OPTION_LIKE: parameter csv is an operand; a value starting with '-' would be read as an option (hint: write ./-name for a file named so)" >&2; exit 64 ;; esac; done
python3 "${SKVM_SKILL_DIR}/scripts/column_stats.py" "${_skvm_csv/#\~\//$HOME/}" --validation "${_skvm_validation/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
