#!/usr/bin/env python3
"""Draw the documents of the real-news actor dev set (tests/realnews/).

Reproducible: the draw depends only on the two corpus files and the seed.

    python3 scripts/eval/sample_realnews.py [--corpora DIR] [--out FILE]

DIR defaults to shared/corpora beside the repository (/work/shared/corpora);
the skeleton goes to FILE, or to stdout by default. tests/realnews/dev.jsonl
holds the same documents, in the same order, with their annotations.

Procedure (stated in tests/realnews/README.md):
1. rng = random.Random(2026).
2. Reuters: read reuters21578/articles.jsonl in file order (19,779 records);
   order = list(range(n)); rng.shuffle(order); walk `order` and keep a record
   when it is eligible (see `eligible_reuters`) until 24 are kept.
3. BBC: with the same rng, read bbc/articles.jsonl in file order (2,225
   records); order = list(range(n)); rng.shuffle(order); keep the first 24
   (no filter).
4. Output, one JSON object per line: Reuters in draw order, then BBC in draw
   order: {"id", "corpus", "published", "text", "entities": []}.
"""

import argparse
import json
import os
import random
import re
import sys

SEED = 2026
N_PER_CORPUS = 24
MIN_CHARS = 300
MAX_TABLE_LINE_SHARE = 0.30

# A number as written in a table cell: digits with , . / and an optional
# sign, parentheses, % or trailing punctuation ("1,234", "-5.2", "(12)", "3/4").
NUMERIC_TOKEN = re.compile(r"^[-+(]?[$]?\d[\d,./]*%?\)?[.,;:]?$")
# Column alignment: two or more spaces inside a line before a number.
ALIGNED_NUMBER = re.compile(r"\S {2,}[-+(]?[$]?\d")


def is_table_line(line):
    """A non-blank line that holds digits-only columns: at least a third of
    its whitespace-separated tokens are numbers, or a number is aligned
    after a run of two or more spaces inside the line."""
    s = line.strip()
    if not s:
        return False
    tokens = s.split()
    numeric = sum(1 for t in tokens if NUMERIC_TOKEN.match(t))
    if numeric == 0:
        return False
    return numeric * 3 >= len(tokens) or ALIGNED_NUMBER.search(s) is not None


def table_line_share(text):
    lines = [l for l in text.split("\n") if l.strip()]
    if not lines:
        return 1.0
    return sum(1 for l in lines if is_table_line(l)) / len(lines)


def eligible_reuters(rec):
    """At least 300 code points of text, and at most 30% of its non-blank
    lines table lines (see `is_table_line`)."""
    text = rec["text"]
    return len(text) >= MIN_CHARS and table_line_share(text) <= MAX_TABLE_LINE_SHARE


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sample(corpora_dir):
    reuters = read_jsonl(os.path.join(corpora_dir, "reuters21578", "articles.jsonl"))
    bbc = read_jsonl(os.path.join(corpora_dir, "bbc", "articles.jsonl"))
    rng = random.Random(SEED)

    order = list(range(len(reuters)))
    rng.shuffle(order)
    picked = []
    for i in order:
        if eligible_reuters(reuters[i]):
            picked.append(("reuters", reuters[i]))
            if len(picked) == N_PER_CORPUS:
                break

    order = list(range(len(bbc)))
    rng.shuffle(order)
    for i in order[:N_PER_CORPUS]:
        picked.append(("bbc", bbc[i]))
    return picked


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=os.path.join(os.path.dirname(repo), "shared", "corpora"))
    ap.add_argument("--out", default="-", help="skeleton JSONL to write ('-' = stdout)")
    args = ap.parse_args()
    rows = []
    for corpus, rec in sample(args.corpora):
        rows.append({"id": rec["id"], "corpus": corpus, "published": rec["published"],
                     "text": rec["text"], "entities": []})
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
