#!/usr/bin/env python3
"""Self-test of score_realnews.py on a hand-made output directory.

    python3 scripts/eval/test_score_realnews.py

Two gold documents (one Reuters, one BBC) and CSV tables written by hand, in
the three layouts the scorer accepts; every expected figure below is worked
out by hand in the comments. Plain asserts, no pytest needed.
"""

import contextlib
import csv
import io
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_realnews as sr  # noqa: E402

# ---- gold -------------------------------------------------------------------

RAW_A = 'LONDON, March 3 - Britain and Acme Corp met, "as planned".\nSmith said Britain won.\n Reuter'
RAW_B = "Blair met Howard in  Paris.\n\nThe EU said so."
# newsmill's clean text of B: a headline line first, the double space made
# single, the blank line dropped. A is unchanged.
CLEAN_B = "Blair meets Howard\nBlair met Howard in Paris.\nThe EU said so."


def ent(text, surface, id_, type_, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "surface": surface,
            "id": id_, "name": surface, "type": type_}


GOLD = [
    {"id": "r-1", "corpus": "reuters", "published": "1987-03-03", "text": RAW_A, "entities": [
        ent(RAW_A, "LONDON", "capital:GBR", "place"),            # in dict
        ent(RAW_A, "Britain", "country:GBR", "country"),         # in dict
        ent(RAW_A, "Acme Corp", "org:acme", "organization"),     # not in dict
        ent(RAW_A, "Smith", "person:john-smith", "person"),      # not in dict
        ent(RAW_A, "Britain", "country:GBR", "country", 1),      # in dict
    ]},
    {"id": "b-1", "corpus": "bbc", "published": None, "text": RAW_B, "entities": [
        ent(RAW_B, "Blair", "person:tony-blair", "person"),          # in dict
        ent(RAW_B, "Howard", "person:michael-howard", "person"),     # not in dict
        ent(RAW_B, "Paris", "capital:FRA", "place"),                 # in dict
        ent(RAW_B, "EU", "org:eu", "organization"),                  # in dict
    ]},
]

ACTORS = ["capital:GBR", "country:GBR", "person:tony-blair", "capital:FRA", "org:eu", "country:USA"]


def span(text, surface, nth=0):
    e = ent(text, surface, "x", "x", nth)
    return e["start"], e["end"]


def mention(doc, text, surface, actor, method, nth=0):
    s, e = span(text, surface, nth)
    return {"doc_id": doc, "sentence": 0, "start_char": s, "end_char": e, "surface": surface,
            "actor_id": actor, "actor_name": actor, "actor_type": "place", "method": method,
            "repeated": "false", "day": "", "day_source": ""}


# Mentions of A (clean == raw):
#   LONDON capital:GBR name        -> TP
#   Britain#0 country:GBR alias    -> TP
#   Britain#1 country:USA alias    -> FP (wrong id); gold Britain#1 missed
#   Reuter media:reuters name      -> FP (no gold)
#   Britain#0 ... demonym row      -> not scored, counted
# Mentions of B (clean offsets):
#   Blair#1 (the body's, not the headline's) surname -> TP
#   EU alias                       -> TP
#   "Blair meets" title row        -> not scored, counted
#   Paris: no row                  -> miss
MENTIONS_A = [
    mention("A", RAW_A, "LONDON", "capital:GBR", "name"),
    mention("A", RAW_A, "Britain", "country:GBR", "alias"),
    mention("A", RAW_A, "Britain", "country:USA", "alias", 1),
    mention("A", RAW_A, "Reuter", "media:reuters", "name"),
    mention("A", RAW_A, "Britain", "country:GBR", "demonym"),
]
MENTIONS_B = [
    mention("B", CLEAN_B, "Blair", "person:tony-blair", "surname", 1),
    mention("B", CLEAN_B, "EU", "org:eu", "alias"),
    mention("B", CLEAN_B, "Blair meets", "person:tony-blair", "title"),
]


def name_mention(doc, text, surface, type_, nth=0):
    s, e = span(text, surface, nth)
    return {"doc_id": doc, "sentence": 0, "start_char": s, "end_char": e,
            "surface": surface, "name": surface, "type": type_}


# name_mentions: Acme Corp (organization: type right), Smith (place: type
# wrong); in B only the headline's Howard (no gold there), so gold Howard is
# missed.
NAME_MENTIONS = [
    name_mention("A", RAW_A, "Acme Corp", "organization"),
    name_mention("A", RAW_A, "Smith", "place"),
    name_mention("B", CLEAN_B, "Howard", "person", 0),
]

DOCUMENTS = [
    {"doc_id": "A", "input": "dev.jsonl", "line": 1, "external_id": "r-1", "title": "", "text": RAW_A},
    {"doc_id": "B", "input": "dev.jsonl", "line": 2, "external_id": "b-1", "title": "", "text": CLEAN_B},
]

# ---- expected, by hand ---------------------------------------------------------
# reuters: precision 2/4; recall over dict ids: LONDON, Britain#0 found,
#   Britain#1 found only as country:USA -> 2/3; coverage 3/5 mentions, distinct
#   ids {capital:GBR, country:GBR} of 4 -> 2/4; discovery: Acme, Smith 2/2;
#   type 1/2; detected: all 5 (Britain#1 overlapped by the USA row) -> 5/5.
# bbc: precision 2/2; recall Blair, EU of Blair, Paris, EU -> 2/3; coverage
#   3/4 and ids 3/4; discovery Howard 0/1; type 0/0; detected Blair, EU 2/4.
# all: precision 4/6; recall 4/6; coverage 6/9; ids 5/8 (8 distinct ids);
#   discovery 2/3; type 1/2; detected 7/9.
EXPECTED = {
    "reuters": {"actor_precision": (2, 4), "actor_recall": (2, 3), "dict_coverage_mentions": (3, 5),
                "dict_coverage_ids": (2, 4), "discovery_recall": (2, 2),
                "discovery_type_accuracy": (1, 2), "detected_any": (5, 5)},
    "bbc": {"actor_precision": (2, 2), "actor_recall": (2, 3), "dict_coverage_mentions": (3, 4),
            "dict_coverage_ids": (3, 4), "discovery_recall": (0, 1),
            "discovery_type_accuracy": (0, 0), "detected_any": (2, 4)},
    "all": {"actor_precision": (4, 6), "actor_recall": (4, 6), "dict_coverage_mentions": (6, 9),
            "dict_coverage_ids": (5, 8), "discovery_recall": (2, 3),
            "discovery_type_accuracy": (1, 2), "detected_any": (7, 9)},
}
EXPECTED_COUNTS = {
    "reuters": {"documents": 1, "gold_entities": 5, "mentions_scored": 4, "mentions_demonym": 1,
                "mentions_title": 0, "gold_unaligned": 0, "documents_missing": 0, "name_mentions": 2},
    "bbc": {"documents": 1, "gold_entities": 4, "mentions_scored": 2, "mentions_demonym": 0,
            "mentions_title": 1, "gold_unaligned": 0, "documents_missing": 0, "name_mentions": 1},
}


def write_csv(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def make_output(root):
    # documents and mentions as datasets (csv/<table>/part-*.csv, mentions in
    # two parts), actors as a single table (csv/actors.csv), name_mentions in
    # the old flat layout (<table>.csv).
    write_csv(os.path.join(root, "csv", "documents", "part-00000.csv"), DOCUMENTS)
    write_csv(os.path.join(root, "csv", "mentions", "part-00000.csv"), MENTIONS_A)
    write_csv(os.path.join(root, "csv", "mentions", "part-00001.csv"), MENTIONS_B)
    write_csv(os.path.join(root, "csv", "actors.csv"),
              [{"actor_id": a, "actor_name": a, "actor_type": "place", "country": "", "aliases": "",
                "roles": ""} for a in ACTORS])
    write_csv(os.path.join(root, "name_mentions.csv"), NAME_MENTIONS)


def test_alignment():
    cmap = sr.char_map(RAW_B, CLEAN_B)
    for surface in ("Paris", "EU", "Howard"):
        e = next(x for x in GOLD[1]["entities"] if x["surface"] == surface)
        s, t = sr.map_span(cmap, e["start"], e["end"])
        assert CLEAN_B[s:t] == surface, (surface, CLEAN_B[s:t])
    # Blair and Howard map to the body, not to the headline's copies
    s, _ = sr.map_span(cmap, 0, 5)
    assert s == CLEAN_B.index("Blair", 1), s
    # identity when equal; None for a span whose characters all vanished
    assert sr.char_map("abc", "abc") == [0, 1, 2]
    assert sr.map_span(sr.char_map("ab  cd", "abcd"), 2, 4) is None


def test_validate():
    assert sr.validate_gold([dict(d, _line=i + 1) for i, d in enumerate(GOLD)]) == []
    bad = json.loads(json.dumps(GOLD[0]))
    bad["_line"] = 1
    bad["entities"][0]["surface"] = "London"
    bad["entities"][2]["start"] -= 30  # now overlaps the previous span
    problems = sr.validate_gold([bad])
    assert any("surface" in p for p in problems), problems
    assert any("overlapping" in p for p in problems), problems


def test_scores(root, gold_path):
    result, errors = sr.score(sr.read_gold(gold_path), root)
    for g, metrics in EXPECTED.items():
        for k, (num, den) in metrics.items():
            got = result[g][k]
            assert (got["num"], got["den"]) == (num, den), (g, k, got, (num, den))
    for g, counts in EXPECTED_COUNTS.items():
        for k, v in counts.items():
            assert result[g]["counts"][k] == v, (g, k, result[g]["counts"][k], v)
    assert result["all"]["actor_precision"]["value"] == 4 / 6
    kinds = sorted((e["kind"], e.get("actor_id") or e.get("gold_id")) for e in errors)
    assert kinds == sorted([
        ("false_positive", "country:USA"), ("false_positive", "media:reuters"),
        ("miss", "country:GBR"), ("miss", "capital:FRA"),
        ("discovery_miss", "person:michael-howard"), ("type_error", "person:john-smith"),
    ]), kinds
    fp = next(e for e in errors if e.get("actor_id") == "country:USA")
    assert fp["why"] == "wrong id, gold country:GBR", fp
    miss = next(e for e in errors if e.get("gold_id") == "country:GBR")
    assert miss["why"] == "found as country:USA", miss
    assert "[[Paris]]" in next(e for e in errors if e.get("gold_id") == "capital:FRA")["context"]


def test_cli(root, gold_path):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert sr.main([gold_path, root, "--json", "--errors"]) == 0
    doc = json.loads(buf.getvalue())
    assert doc["results"]["bbc"]["actor_recall"]["num"] == 2
    assert len(doc["errors"]) == 6
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert sr.main([gold_path, root, "--errors"]) == 0
    text = buf.getvalue()
    assert "actor precision" in text and "0.667 (4/6)" in text, text
    assert "== false_positive (2)" in text, text
    # a document missing from the output: all its gold entities are misses
    os.remove(os.path.join(root, "csv", "documents", "part-00000.csv"))
    write_csv(os.path.join(root, "csv", "documents", "part-00000.csv"), DOCUMENTS[:1])
    result, _ = sr.score(sr.read_gold(gold_path), root)
    assert result["bbc"]["counts"]["documents_missing"] == 1
    assert (result["bbc"]["actor_recall"]["num"], result["bbc"]["actor_recall"]["den"]) == (0, 3)
    assert result["bbc"]["actor_precision"]["den"] == 0


def main():
    test_alignment()
    test_validate()
    with tempfile.TemporaryDirectory() as tmp:
        gold_path = os.path.join(tmp, "dev.jsonl")
        with open(gold_path, "w", encoding="utf-8") as f:
            for d in GOLD:
                f.write(json.dumps(d) + "\n")
        root = os.path.join(tmp, "out")
        make_output(root)
        test_scores(root, gold_path)
        test_cli(root, gold_path)
    print("test_score_realnews: all checks passed")


if __name__ == "__main__":
    main()
