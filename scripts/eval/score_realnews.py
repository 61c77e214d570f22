#!/usr/bin/env python3
"""Score newsmill's actor extraction against the hand-annotated real-news
dev set (tests/realnews/dev.jsonl). Standard library only.

    python3 scripts/eval/score_realnews.py tests/realnews/dev.jsonl OUTPUT_DIR [--json] [--errors]
    python3 scripts/eval/score_realnews.py --validate tests/realnews/dev.jsonl

OUTPUT_DIR is the output of a newsmill run on the dev set's JSONL with CSV
twins of every table (`--csv all`). Tables are read from
`OUTPUT_DIR/csv/<table>/part-*.csv` (datasets), `OUTPUT_DIR/csv/<table>.csv`
(single tables) or the older flat `OUTPUT_DIR/<table>.csv`.

Gold spans index the raw `text` of dev.jsonl; newsmill's offsets index its
clean text (`documents.text`). Gold spans are carried over by character
alignment (difflib.SequenceMatcher, autojunk=False) unless the two texts are
equal. A gold entity none of whose characters survive in the clean text is
"unaligned": it counts as missed.

Metrics (per corpus and overall; a span "matches" when it overlaps):
  actor precision     mentions rows with method name/alias/surname/first_name
                      whose span overlaps a gold entity with the same id
  actor recall (dict) gold entities whose id is in `actors`, found by such a
                      mentions row with that id
  dict coverage       gold entity mentions (and distinct gold ids) whose id is
                      in `actors`
  discovery recall    gold entities whose id is not in `actors`, overlapped by
                      a `name_mentions` row
  discovery type acc  of those found, the share whose name_mentions.type agrees
                      with the gold type (gold country counts as place and
                      vice versa)
  detected (any)      gold entities overlapped by any mentions row (name
                      methods) or name_mentions row, whatever the id
Rows with method title/demonym are left out of precision and recall and
reported as counts.
"""

import argparse
import csv
import difflib
import glob
import json
import os
import sys

NAME_METHODS = {"name", "alias", "surname", "first_name"}
SIDE_METHODS = ("title", "demonym")
GOLD_TYPES = {"person", "organization", "country", "place"}


# ---- input ----------------------------------------------------------------

def read_gold(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                d = json.loads(line)
                d["_line"] = n
                docs.append(d)
    return docs


def validate_gold(docs):
    """Problems in the gold file, as strings (empty: valid)."""
    problems = []
    seen = set()
    for d in docs:
        did = d.get("id")
        where = f"{did} (line {d['_line']})"
        for k in ("id", "corpus", "published", "text", "entities"):
            if k not in d:
                problems.append(f"{where}: no field {k!r}")
        if did in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(did)
        if d.get("corpus") not in ("reuters", "bbc"):
            problems.append(f"{where}: corpus {d.get('corpus')!r}")
        text = d.get("text", "")
        prev_end = -1
        for e in d.get("entities", []):
            s, t = e.get("start"), e.get("end")
            if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)):
                problems.append(f"{where}: bad span {e}")
                continue
            if text[s:t] != e.get("surface"):
                problems.append(f"{where}: surface {e.get('surface')!r} != text[{s}:{t}] {text[s:t]!r}")
            if s < prev_end:
                problems.append(f"{where}: span {s}-{t} unsorted or overlapping the previous one")
            prev_end = t
            if e.get("type") not in GOLD_TYPES:
                problems.append(f"{where}: type {e.get('type')!r}")
            if not e.get("id") or ":" not in e["id"] or not e.get("name"):
                problems.append(f"{where}: id/name missing in {e}")
    return problems


def table_files(out_dir, table):
    for pattern in (os.path.join(out_dir, "csv", table, "part-*.csv"),
                    os.path.join(out_dir, "csv", table + ".csv"),
                    os.path.join(out_dir, table + ".csv"),
                    os.path.join(out_dir, table, "part-*.csv")):
        files = sorted(glob.glob(pattern))
        if files:
            return files
    return []


def read_table(out_dir, table, required=True):
    csv.field_size_limit(2**31 - 1)  # documents.text can be long
    files = table_files(out_dir, table)
    if not files:
        if required:
            raise SystemExit(f"no CSV for table {table!r} under {out_dir} "
                             "(run newsmill with --csv all)")
        return []
    rows = []
    for path in files:
        with open(path, encoding="utf-8", newline="") as f:
            rows.extend(csv.DictReader(f))
    return rows


# ---- alignment --------------------------------------------------------------

def char_map(raw, clean):
    """For each code point of `raw`, its index in `clean`, or -1."""
    if raw == clean:
        return list(range(len(raw)))
    m = [-1] * len(raw)
    sm = difflib.SequenceMatcher(None, raw, clean, autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            m[a + k] = b + k
    return m


def map_span(cmap, start, end):
    """The clean span of raw [start, end): from the first to the last of its
    code points that survive; None when none does."""
    idx = [cmap[i] for i in range(start, end) if cmap[i] >= 0]
    if not idx:
        return None
    return min(idx), max(idx) + 1


def overlaps(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


# ---- scoring ----------------------------------------------------------------

class Ratio:
    def __init__(self):
        self.num = 0
        self.den = 0

    def add(self, hit):
        self.den += 1
        self.num += 1 if hit else 0

    def value(self):
        return self.num / self.den if self.den else None

    def as_json(self):
        return {"num": self.num, "den": self.den, "value": self.value()}


METRICS = [
    ("actor_precision", "actor precision"),
    ("actor_recall", "actor recall (dict ids)"),
    ("dict_coverage_mentions", "dict coverage (mentions)"),
    ("dict_coverage_ids", "dict coverage (distinct ids)"),
    ("discovery_recall", "discovery recall (non-dict)"),
    ("discovery_type_accuracy", "discovery type accuracy"),
    ("detected_any", "detected (any id or name)"),
]
COUNTS = [
    ("documents", "documents"),
    ("documents_missing", "documents not in output"),
    ("gold_entities", "gold entities"),
    ("gold_unaligned", "gold not in clean text"),
    ("mentions_scored", "mentions (name methods)"),
    ("mentions_title", "mentions: title (unscored)"),
    ("mentions_demonym", "mentions: demonym (unscored)"),
    ("mentions_other", "mentions: other method"),
    ("name_mentions", "name_mentions rows"),
]


def type_agrees(gold_type, nm_type):
    places = {"place", "country"}
    if gold_type in places:
        return nm_type in places
    return gold_type == nm_type


def context(text, start, end, width=40):
    a = max(0, start - width)
    b = min(len(text), end + width)
    s = text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]
    return s.replace("\n", " ")


def score(gold_docs, out_dir):
    documents = read_table(out_dir, "documents")
    mentions = read_table(out_dir, "mentions")
    name_mentions = read_table(out_dir, "name_mentions")
    actors = read_table(out_dir, "actors")
    dict_ids = {r["actor_id"] for r in actors}

    # gold doc -> newsmill document row: by the JSONL id (external_id, or
    # source_id in older outputs); only when the output has no ids at all,
    # by the line of the JSONL input.
    by_ext, by_line = {}, {}
    for r in documents:
        ext = r.get("external_id") or r.get("source_id")
        if ext:
            by_ext.setdefault(ext, r)
        if r.get("line"):
            by_line.setdefault(int(r["line"]), r)
    if by_ext:
        by_line = {}  # ids given: never guess by line
    ment_by_doc, nm_by_doc = {}, {}
    for r in mentions:
        ment_by_doc.setdefault(r["doc_id"], []).append(r)
    for r in name_mentions:
        nm_by_doc.setdefault(r["doc_id"], []).append(r)

    groups = ["reuters", "bbc", "all"]
    ratios = {g: {k: Ratio() for k, _ in METRICS} for g in groups}
    counts = {g: {k: 0 for k, _ in COUNTS} for g in groups}
    ids_seen = {g: {} for g in groups}  # distinct gold id -> in dict
    errors = []

    for d in gold_docs:
        gs = [d["corpus"], "all"] if d["corpus"] in ("reuters", "bbc") else ["all"]

        def bump(key, n=1):
            for g in gs:
                counts[g][key] += n

        def ratio(key, hit):
            for g in gs:
                ratios[g][key].add(hit)

        bump("documents")
        bump("gold_entities", len(d["entities"]))
        for e in d["entities"]:
            for g in gs:
                ids_seen[g][e["id"]] = e["id"] in dict_ids
        row = by_ext.get(d["id"]) or by_line.get(d["_line"])
        if row is None:
            bump("documents_missing")
            for e in d["entities"]:
                in_dict = e["id"] in dict_ids
                ratio("dict_coverage_mentions", in_dict)
                ratio("actor_recall" if in_dict else "discovery_recall", False)
                ratio("detected_any", False)
                errors.append({"doc": d["id"], "corpus": d["corpus"], "kind": "miss",
                               "why": "document not in output", "gold_id": e["id"],
                               "surface": e["surface"], "context": ""})
            continue
        clean = row["text"]
        cmap = char_map(d["text"], clean)
        gold = []
        for e in d["entities"]:
            span = map_span(cmap, e["start"], e["end"])
            if span is None:
                bump("gold_unaligned")
            gold.append((e, span))

        ments = ment_by_doc.get(row["doc_id"], [])
        nms = nm_by_doc.get(row["doc_id"], [])
        bump("name_mentions", len(nms))
        scored = []
        for m in ments:
            method = m.get("method", "")
            if method in NAME_METHODS:
                scored.append((int(m["start_char"]), int(m["end_char"]), m))
            elif method in SIDE_METHODS:
                bump("mentions_" + method)
            else:
                bump("mentions_other")
        bump("mentions_scored", len(scored))

        # precision
        for s, t, m in scored:
            hit = any(span and e["id"] == m["actor_id"] and overlaps(s, t, *span)
                      for e, span in gold)
            ratio("actor_precision", hit)
            if not hit:
                other = [e["id"] for e, span in gold if span and overlaps(s, t, *span)]
                errors.append({"doc": d["id"], "corpus": d["corpus"], "kind": "false_positive",
                               "why": ("wrong id, gold " + ", ".join(other)) if other else "no gold entity",
                               "actor_id": m["actor_id"], "method": m.get("method"),
                               "surface": m.get("surface", clean[s:t]),
                               "context": context(clean, s, t)})

        # recall, coverage, discovery
        for e, span in gold:
            in_dict = e["id"] in dict_ids
            ratio("dict_coverage_mentions", in_dict)
            found_same = bool(span) and any(m["actor_id"] == e["id"] and overlaps(s, t, *span)
                                            for s, t, m in scored)
            over_m = [m for s, t, m in scored if span and overlaps(s, t, *span)]
            over_nm = []
            if span:
                for r in nms:
                    s, t = int(r["start_char"]), int(r["end_char"])
                    if overlaps(s, t, *span):
                        over_nm.append((min(t, span[1]) - max(s, span[0]), r))
            ratio("detected_any", bool(over_m or over_nm))
            ctx = context(clean, *span) if span else "(not in clean text)"
            if in_dict:
                ratio("actor_recall", found_same)
                if not found_same:
                    why = "not found"
                    if over_m:
                        why = "found as " + ", ".join(m["actor_id"] for m in over_m)
                    elif over_nm:
                        why = "only in name_mentions"
                    errors.append({"doc": d["id"], "corpus": d["corpus"], "kind": "miss",
                                   "why": why, "gold_id": e["id"], "surface": e["surface"],
                                   "context": ctx})
            else:
                ratio("discovery_recall", bool(over_nm))
                if over_nm:
                    best = max(over_nm, key=lambda x: x[0])[1]
                    agree = type_agrees(e["type"], best.get("type", ""))
                    ratio("discovery_type_accuracy", agree)
                    if not agree:
                        errors.append({"doc": d["id"], "corpus": d["corpus"], "kind": "type_error",
                                       "why": f"gold {e['type']}, name_mentions {best.get('type')}",
                                       "gold_id": e["id"], "surface": e["surface"], "context": ctx})
                else:
                    why = "not found"
                    if over_m:
                        why = "found as dictionary actor " + ", ".join(m["actor_id"] for m in over_m)
                    errors.append({"doc": d["id"], "corpus": d["corpus"], "kind": "discovery_miss",
                                   "why": why, "gold_id": e["id"], "surface": e["surface"],
                                   "context": ctx})

    for g in groups:
        for _id, in_dict in ids_seen[g].items():
            ratios[g]["dict_coverage_ids"].add(in_dict)

    result = {g: {"counts": counts[g], **{k: ratios[g][k].as_json() for k, _ in METRICS}}
              for g in groups}
    return result, errors


# ---- output -----------------------------------------------------------------

def fmt_ratio(r):
    if not r["den"]:
        return "-"
    return f"{r['value']:.3f} ({r['num']}/{r['den']})"


def print_table(result, out=None):
    out = out or sys.stdout
    groups = ["reuters", "bbc", "all"]
    label_w = max(len(lbl) for _, lbl in METRICS + COUNTS) + 2
    cells = {g: [fmt_ratio(result[g][k]) for k, _ in METRICS] for g in groups}
    col_w = max(8, max(len(c) for g in groups for c in cells[g])) + 2
    out.write("".ljust(label_w) + "".join(g.ljust(col_w) for g in groups).rstrip() + "\n")
    for i, (k, lbl) in enumerate(METRICS):
        out.write(lbl.ljust(label_w) + "".join(cells[g][i].ljust(col_w) for g in groups).rstrip() + "\n")
    for k, lbl in COUNTS:
        out.write(lbl.ljust(label_w)
                  + "".join(str(result[g]["counts"][k]).ljust(col_w) for g in groups).rstrip() + "\n")


def print_errors(errors, out=None):
    out = out or sys.stdout
    order = ["false_positive", "miss", "discovery_miss", "type_error"]
    for kind in order:
        rows = [e for e in errors if e["kind"] == kind]
        out.write(f"\n== {kind} ({len(rows)})\n")
        for e in rows:
            ident = e.get("actor_id") or e.get("gold_id")
            extra = f" [{e['method']}]" if e.get("method") else ""
            surface = " ".join(e["surface"].split())
            out.write(f"{e['doc']}: {surface!r} {ident}{extra}: {e['why']}\n")
            if e["context"]:
                out.write(f"    {e['context']}\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Score newsmill actor extraction on the real-news dev set.")
    ap.add_argument("gold", help="tests/realnews/dev.jsonl")
    ap.add_argument("output_dir", nargs="?", help="newsmill output directory (run with --csv all)")
    ap.add_argument("--json", action="store_true", help="print the figures (and errors with --errors) as JSON")
    ap.add_argument("--errors", action="store_true", help="list false positives and misses with context")
    ap.add_argument("--validate", action="store_true", help="only check the gold file")
    args = ap.parse_args(argv)

    gold = read_gold(args.gold)
    problems = validate_gold(gold)
    if args.validate:
        for p in problems:
            print(p)
        n = sum(len(d["entities"]) for d in gold)
        print(f"{len(gold)} documents, {n} entities: " + ("OK" if not problems else f"{len(problems)} problems"))
        return 1 if problems else 0
    if problems:
        for p in problems[:20]:
            print("gold:", p, file=sys.stderr)
        raise SystemExit("the gold file is invalid (see --validate)")
    if not args.output_dir:
        ap.error("OUTPUT_DIR is required unless --validate")
    result, errors = score(gold, args.output_dir)
    if args.json:
        doc = {"gold": args.gold, "output_dir": args.output_dir, "results": result}
        if args.errors:
            doc["errors"] = errors
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_table(result)
        if args.errors:
            print_errors(errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
