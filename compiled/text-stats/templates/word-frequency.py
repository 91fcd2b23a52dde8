import json as _skvm_json, os as _skvm_os, sys as _skvm_sys  # skvm: parameters arrive as JSON in argv[1]
_skvm_params = _skvm_json.loads(_skvm_sys.argv.pop(1))
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
