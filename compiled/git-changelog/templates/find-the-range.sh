# skvm: parameters arrive as arguments, in this order
_skvm_path=${1} _skvm_sort=${2}
shift 2
git -C "${_skvm_path}" tag --sort="${_skvm_sort}" | head -5
git -C "${_skvm_path}" log --oneline -10
