import json as _skvm_json, os as _skvm_os, sys as _skvm_sys  # skvm: parameters arrive as JSON in argv[1]
_skvm_params = _skvm_json.loads(_skvm_sys.argv.pop(1))
def _skvm_trace(out):  # skvm: the files this run reads, so a cached result can be checked against them
    seen, skip = {}, tuple({p + _skvm_os.sep for p in (_skvm_sys.prefix, _skvm_sys.base_prefix, _skvm_sys.exec_prefix) if p})
    def hook(event, args):
        if event in ("os.listdir", "os.scandir", "glob.glob", "os.walk"): seen["*"] = event
        if event != "open": return
        path, mode = args[0], args[1] or "r"
        if not isinstance(path, (str, bytes)) or any(c in str(mode) for c in "wax+"): seen["*"] = "open"; return
        path = _skvm_os.path.abspath(_skvm_os.fsdecode(path))
        if path.startswith(skip) or path == out: return
        try: st = _skvm_os.stat(path); seen.setdefault(path, f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
        except OSError: seen.setdefault(path, "missing")
    _skvm_sys.addaudithook(hook)
    import atexit
    def save():
        text = _skvm_json.dumps(seen)
        with open(out, "w") as fh: fh.write(text)
    atexit.register(save)
if _skvm_os.environ.get("SKVM_OPENS_FILE"): _skvm_trace(_skvm_os.environ["SKVM_OPENS_FILE"])
import re
from collections import Counter

path = _skvm_params["path"]  # <- change
top_n = _skvm_params["top_n"]  # <- change
min_length = _skvm_params["min_length"]  # <- change: skip shorter words
stopwords = set(_skvm_params["stopwords"])  # <- change

with open(path, encoding="utf-8") as fh:
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", fh.read().lower())
counts = Counter(w for w in words if len(w) >= min_length and w not in stopwords)
print(f"{len(words)} words, {len(set(words))} unique")
for rank, (word, n) in enumerate(counts.most_common(top_n), start=1):
    print(f"{rank:>3}. {word:<20} {n}")
