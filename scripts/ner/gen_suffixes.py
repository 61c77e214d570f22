#!/usr/bin/env python3
"""Word-ending type table for names no list knows (pipelines/ner/suffixes.tsv).

Stdlib only; run from the repo root after gen_data.py and gen_silver.sh.
Training words: PER = census first names and surnames, LOC = single-word
places, MISC = demonyms (gazetteer.tsv); ORG and more PER/LOC/MISC = words
with a clear majority in the silver votes (types.tsv). For each ending of 2-4
letters seen on 8+ words, writes the class distribution with every class
weighted equally (so big lists do not win by size).
"""
import os
from collections import Counter, defaultdict

DIR = os.path.join(os.path.dirname(__file__), "..", "..", "pipelines", "ner")
CLASSES = ["PER", "ORG", "LOC", "MISC"]


def main():
    words = {}
    with open(os.path.join(DIR, "gazetteer.tsv"), encoding="utf-8") as f:
        for line in f:
            w, kind = line.rstrip("\n").split("\t")
            if " " in w or not w.isalpha():
                continue
            cls = {"FIRST": "PER", "LAST": "PER", "LOC": "LOC", "CTRY": "LOC", "MISC": "MISC"}[kind]
            words.setdefault(w, set()).add(cls)
    with open(os.path.join(DIR, "types.tsv"), encoding="utf-8") as f:
        for line in f:
            w, *v = line.rstrip("\n").split("\t")
            v = [int(x) for x in v]
            if sum(v) >= 3 and max(v) >= 0.8 * sum(v) and w.isalpha():
                words.setdefault(w.lower(), set()).add(CLASSES[v.index(max(v))])
    counts = defaultdict(Counter)
    total = Counter()
    for w, classes in words.items():
        if len(classes) != 1:
            continue  # ambiguous between lists: no evidence
        (cls,) = classes
        total[cls] += 1
        for n in (2, 3, 4):
            if len(w) > n:
                counts[w[-n:]][cls] += 1
    rows = []
    for suf, c in counts.items():
        if sum(c.values()) < 8:
            continue
        p = [c[k] / total[k] for k in CLASSES]
        s = sum(p)
        rows.append(suf + "\t" + "\t".join("%.2f" % (x / s) for x in p))
    rows.sort()
    with open(os.path.join(DIR, "suffixes.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
