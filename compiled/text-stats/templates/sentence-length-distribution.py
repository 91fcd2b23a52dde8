import json as _skvm_json, os as _skvm_os, sys as _skvm_sys  # skvm: parameters arrive as JSON in argv[1]
_skvm_params = _skvm_json.loads(_skvm_sys.argv.pop(1))
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
