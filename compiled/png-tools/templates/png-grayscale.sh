# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_input=$1; shift
_skvm_output=$1; shift
for _skvm_v in "${_skvm_input}"; do case $_skvm_v in -) ;; -*) printf '%s\n' "PARAM_OPTION_LIKE: parameter input is an operand; a value starting with '-' would be read as an option (hint: write ./-name for a file named so)" >&2; exit 64 ;; esac; done
for _skvm_v in "${_skvm_output}"; do case $_skvm_v in -) ;; -*) printf '%s\n' "PARAM_OPTION_LIKE: parameter output is an operand; a value starting with '-' would be read as an option (hint: write ./-name for a file named so)" >&2; exit 64 ;; esac; done
python3 "${SKVM_SKILL_DIR}/scripts/png_grayscale.py" "${_skvm_input/#\~\//$HOME/}" "${_skvm_output/#\~\//$HOME/}"
