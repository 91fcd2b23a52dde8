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
import statistics

path = _skvm_params["path"]  # <- change
edges = _skvm_params["edges"]  # <- change: upper bounds of the buckets
long_sentence = _skvm_params["long_sentence"]  # <- change: flag sentences longer than this

with open(path, encoding="utf-8") as fh:
    text = fh.read()
sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if re.search(r"[^\W\d_]", s)]
lengths = [len(re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", s)) for s in sentences]
print(f"{len(lengths)} sentences, median {statistics.median(lengths)} words, max {max(lengths)}")
low = 1
for high in edges + [None]:
    n = sum(1 for x in lengths if x >= low and (high is None or x <= high))
    label = f"{low}-{high}" if high else f"{low}+"
    print(f"{label:>6} | {'#' * n} {n}")
    low = (high or 0) + 1
for s, n in zip(sentences, lengths):
    if n > long_sentence:
        print(f"LONG ({n} words): {s[:80]}")
