# skvm: parameters arrive as arguments, in this order; a list as its length, then its items
_skvm_path=$1; shift
_skvm_sort=$1; shift
git -C "${_skvm_path/#\~\//$HOME/}" tag --sort="${_skvm_sort/#\~\//$HOME/}" | head -5
git -C "${_skvm_path/#\~\//$HOME/}" log --oneline -10
