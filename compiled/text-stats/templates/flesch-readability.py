import json as _skvm_json, os as _skvm_os, sys as _skvm_sys  # skvm: parameters arrive as JSON in argv[1]
_skvm_params = _skvm_json.loads(_skvm_sys.argv.pop(1))
import re

path = _skvm_params["path"]  # <- change


def count_syllables(word):
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def flesch_reading_ease(text):
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if re.search(r"[^\W\d_]", s)]
    syllables = sum(count_syllables(w) for w in words)
    return 206.835 - 1.015 * len(words) / len(sentences) - 84.6 * syllables / len(words)


with open(path, encoding="utf-8") as fh:
    score = flesch_reading_ease(fh.read())
print(f"Flesch reading ease: {score:.1f}")
