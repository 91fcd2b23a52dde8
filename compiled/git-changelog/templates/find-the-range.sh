# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_sort=${2}
shift 2
git -C "${_skvm_path/#\~\//$HOME/}" tag --sort="${_skvm_sort/#\~\//$HOME/}" | head -5
git -C "${_skvm_path/#\~\//$HOME/}" log --oneline -10
