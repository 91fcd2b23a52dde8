# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_files=("${@:2:$1}"); shift "$(($1 + 1))"
_skvm_top=$1; shift
for _skvm_v in "${_skvm_files[@]}"; do case $_skvm_v in -) ;; -*) printf '%s\n' "PARAM_OPTION_LIKE: parameter files is an operand; a value starting with '-' would be read as an option (hint: write ./-name for a file named so)" >&2; exit 64 ;; esac; done
python3 "${SKVM_SKILL_DIR}/scripts/text_stats.py" "${_skvm_files[@]/#\~\//$HOME/}" --top "${_skvm_top/#\~\//$HOME/}"
