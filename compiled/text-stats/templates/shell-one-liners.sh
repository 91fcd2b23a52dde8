# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_path=$1; shift
_skvm_n=$1; shift
wc -w "${_skvm_path/#\~\//$HOME/}"
tr -cs "[:alpha:]'" '\n' < "${_skvm_path/#\~\//$HOME/}" | tr '[:upper:]' '[:lower:]' | grep -v '^$' | sort | uniq -c | sort -rn | head -n "${_skvm_n/#\~\//$HOME/}"
