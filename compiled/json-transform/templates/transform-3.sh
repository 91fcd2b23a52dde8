# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_path=$1; shift
_skvm_select=$1; shift
_skvm_filter=$1; shift
_skvm_filter_2=$1; shift
_skvm_to=$1; shift
_skvm_out=$1; shift
for _skvm_v in "${_skvm_path}"; do case $_skvm_v in -) ;; -*) printf '%s\n' "PARAM_OPTION_LIKE: parameter path is an operand; a value starting with '-' would be read as an option (hint: write ./-name for a file named so)" >&2; exit 64 ;; esac; done
node "${SKVM_SKILL_DIR}/scripts/transform.mjs" "${_skvm_path/#\~\//$HOME/}" --select "${_skvm_select/#\~\//$HOME/}"    --filter "${_skvm_filter/#\~\//$HOME/}" --filter "${_skvm_filter_2/#\~\//$HOME/}" --flatten --to "${_skvm_to/#\~\//$HOME/}" --out "${_skvm_out/#\~\//$HOME/}"
