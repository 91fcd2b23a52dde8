# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_n=${2}
shift 2
wc -w "${_skvm_path/#\~\//$HOME/}"
tr -cs "[:alpha:]'" '\n' < "${_skvm_path/#\~\//$HOME/}" | tr '[:upper:]' '[:lower:]' | grep -v '^$' | sort | uniq -c | sort -rn | head -n "${_skvm_n/#\~\//$HOME/}"
