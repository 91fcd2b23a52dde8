#!/usr/bin/env python3
"""All-in-one text statistics: counts, word frequency, sentence lengths and readability.

Words are runs of letters with optional inner apostrophes or hyphens ("don't",
"well-known"); digits are not words. Sentences end at ., ! or ? followed by
whitespace or the end of the text. Syllables use a vowel-group heuristic, so
readability scores are estimates (good to about +-5 points on ordinary prose).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
from collections import Counter

PROG = "text_stats.py"
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
BUCKETS = [(1, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, None)]
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves
""".split())


def count_syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    word = re.sub(r"[^a-z]", "", word)
    if not word:
        return 1
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def split_sentences(text: str) -> list[str]:
    parts = SENTENCE_END_RE.split(text.strip())
    return [p for p in (s.strip() for s in parts) if WORD_RE.search(p)]


def reading_level(score: float) -> str:
    for limit, label in ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "standard"),
                         (50, "fairly difficult"), (30, "difficult")):
        if score >= limit:
            return label
    return "very difficult"


def analyse(text: str, top: int, min_length: int, keep_stopwords: bool, wpm: int) -> dict:
    words = WORD_RE.findall(text)
    lower = [w.lower() for w in words]
    sentences = split_sentences(text)
    lengths = [len(WORD_RE.findall(s)) for s in sentences]
    syllables = sum(count_syllables(w) for w in words)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    candidates = [w for w in lower if len(w) >= min_length and (keep_stopwords or w not in STOPWORDS)]

    result: dict = {
        "characters": len(text),
        "characters_no_spaces": sum(1 for ch in text if not ch.isspace()),
        "lines": text.count("\n") + (1 if text and not text.endswith("\n") else 0),
        "paragraphs": len(paragraphs),
        "sentences": len(sentences),
        "words": len(words),
        "unique_words": len(set(lower)),
        "syllables": syllables,
        "avg_word_length": round(sum(map(len, words)) / len(words), 2) if words else 0,
        "avg_sentence_length": round(len(words) / len(sentences), 2) if sentences else 0,
        "reading_time_minutes": round(len(words) / wpm, 1),
        "top_words": [{"word": w, "count": n} for w, n in Counter(candidates).most_common(top)],
    }
    if words and sentences:
        wps, spw = len(words) / len(sentences), syllables / len(words)
        ease = 206.835 - 1.015 * wps - 84.6 * spw
        result["flesch_reading_ease"] = round(ease, 2)
        result["flesch_kincaid_grade"] = round(0.39 * wps + 11.8 * spw - 15.59, 2)
        result["reading_level"] = reading_level(ease)
    else:
        result["flesch_reading_ease"] = result["flesch_kincaid_grade"] = result["reading_level"] = None
    histogram = {}
    for low, high in BUCKETS:
        label = f"{low}-{high}" if high else f"{low}+"
        histogram[label] = sum(1 for n in lengths if n >= low and (high is None or n <= high))
    result["sentence_lengths"] = {
        "min": min(lengths) if lengths else 0,
        "max": max(lengths) if lengths else 0,
        "mean": round(statistics.fmean(lengths), 2) if lengths else 0,
        "median": statistics.median(lengths) if lengths else 0,
        "histogram": histogram,
    }
    return result


def render_text(r: dict, sources: list[str]) -> str:
    out = [f"Text statistics for {', '.join(sources)}", ""]
    for key in ("characters", "characters_no_spaces", "lines", "paragraphs", "sentences", "words",
                "unique_words", "syllables", "avg_word_length", "avg_sentence_length", "reading_time_minutes"):
        out.append(f"  {key.replace('_', ' '):<22} {r[key]}")
    if r["flesch_reading_ease"] is not None:
        out.append(f"  {'flesch reading ease':<22} {r['flesch_reading_ease']} ({r['reading_level']})")
        out.append(f"  {'flesch-kincaid grade':<22} {r['flesch_kincaid_grade']}")
    sl = r["sentence_lengths"]
    out += ["", f"Sentence lengths (words): min {sl['min']}, median {sl['median']}, mean {sl['mean']}, max {sl['max']}"]
    peak = max(sl["histogram"].values()) or 1
    for label, n in sl["histogram"].items():
        out.append(f"  {label:>6} | {'#' * round(30 * n / peak):<30} {n}")
    if r["top_words"]:
        out += ["", f"Top {len(r['top_words'])} words:"]
        out += [f"  {i:>3}. {t['word']:<20} {t['count']}" for i, t in enumerate(r["top_words"], 1)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Word counts, word frequency, sentence lengths and readability of text files.")
    parser.add_argument("files", nargs="+", help="text file(s) to analyse; '-' reads stdin")
    parser.add_argument("--top", type=int, default=20, help="number of most frequent words to list (default 20)")
    parser.add_argument("--min-length", type=int, default=1, help="ignore shorter words in the frequency list (default 1)")
    parser.add_argument("--keep-stopwords", action="store_true", help="count common English words (the, and, ...) in the frequency list")
    parser.add_argument("--wpm", type=int, default=230, help="reading speed for reading_time_minutes (default 230)")
    parser.add_argument("--encoding", default="utf-8", help="file encoding (default utf-8)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a text report")
    args = parser.parse_args(argv)
    if args.top < 0:
        parser.error("--top must be >= 0")
    if args.wpm <= 0:
        parser.error("--wpm must be > 0")

    chunks = []
    for path in args.files:
        if path == "-":
            chunks.append(sys.stdin.read())
            continue
        if not os.path.isfile(path):
            print(f"{PROG}: error: file not found: {path}", file=sys.stderr)
            return 2
        try:
            with open(path, encoding=args.encoding) as fh:
                chunks.append(fh.read())
        except UnicodeDecodeError as exc:
            print(f"{PROG}: error: {path} is not valid {args.encoding} text ({exc.reason}); try --encoding latin-1", file=sys.stderr)
            return 1
        except LookupError:
            print(f"{PROG}: error: unknown encoding: {args.encoding}", file=sys.stderr)
            return 2
    text = "\n\n".join(chunks)
    if not WORD_RE.search(text):
        print(f"{PROG}: error: no words found in {', '.join(args.files)}", file=sys.stderr)
        return 1

    result = analyse(text, args.top, args.min_length, args.keep_stopwords, args.wpm)
    if args.json:
        print(json.dumps({"files": args.files, **result}, indent=2, ensure_ascii=False))
    else:
        print(render_text(result, args.files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
