#!/usr/bin/env python3
"""Build a benchmark corpus of a given size from the shared Reuters and BBC articles.

Each synthetic document takes its title, date and source from one real
article and 4-12 paragraphs from other, distinct articles of the same
corpus (so its style stays coherent: wire copy or BBC prose). Recombining
paragraphs instead of copying whole articles keeps documents distinct, so a
1 GB corpus is not short-circuited by newsmill's near-duplicate detector.
No paragraph may hold more than half of a document's text, because every
paragraph recurs in earlier documents once the corpus outgrows the ~22 MB
of source text, and one earlier document holding >= 80% would mark it as a
duplicate.

Digits 4-8 are permuted per paragraph use (0-3 and 9 are kept, so years
stay 19xx/20xx and days stay valid days): without that, a large corpus
would hold only the ~22 MB of distinct sentences, and the sentence-repeat
index would not grow the way it does on real news.

Output: part-NNN.jsonl files (--file-mb each), names.txt (the actor
dictionaries' case-sensitive patterns, for `rg -F -f`), and corpus.json, a
stamp written last; a directory whose stamp matches is reused as is.

Python 3.11+ stdlib only (tomllib).
"""

import argparse
import datetime
import glob
import json
import os
import random
import re
import sys
import time
import tomllib

# Bump when the generated text changes, so cached corpora are rebuilt.
FORMAT_VERSION = 1
MB = 1_000_000  # as newsmill reports sizes

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SIGN_OFF = re.compile(r"\s*\bREUTER\b\s*$", re.IGNORECASE)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, required=True, help="corpus size in MB (10^6 bytes of JSONL)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--file-mb", type=int, default=64, help="size of each JSONL part")
    p.add_argument(
        "--corpora",
        default=os.path.join(REPO, "..", "shared", "corpora"),
        help="directory holding reuters21578/ and bbc/ (default: ../shared/corpora)",
    )
    p.add_argument(
        "--actors",
        default=os.path.join(REPO, "pipelines", "actors"),
        help="directory of actor dictionaries for names.txt",
    )
    return p.parse_args()


def esc(s):
    """JSON string body (no quotes), UTF-8 bytes."""
    return json.dumps(s, ensure_ascii=False)[1:-1].encode()


def load(path, split, reuters):
    """Articles as (title_json, date_or_None, source_json) and their paragraphs.

    Paragraphs are pre-escaped bytes so that documents are assembled by
    joining bytes, which keeps 1 GB well under a minute.
    """
    meta, paras = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            ps = []
            for p in a["text"].split(split):
                if reuters:
                    p = SIGN_OFF.sub("", p)
                p = p.strip()
                if len(p) >= 20:
                    ps.append(esc(p))
            if not ps:
                continue
            meta.append(
                (
                    json.dumps(a.get("title"), ensure_ascii=False).encode(),
                    a.get("published"),
                    json.dumps(a.get("source"), ensure_ascii=False).encode(),
                )
            )
            paras.append(ps)
    return meta, paras


def digit_tables(rng, n=64):
    """Byte translation tables permuting the digits 4-8."""
    tables = []
    for _ in range(n):
        perm = list(b"45678")
        rng.shuffle(perm)
        tables.append(bytes.maketrans(b"45678", bytes(perm)))
    return tables


def names(actors_dir):
    """Every case-sensitive pattern newsmill's matcher uses (see src/extract/actors/matcher.rs)."""
    out = set()
    for path in sorted(glob.glob(os.path.join(actors_dir, "*.toml"))):
        with open(path, "rb") as f:
            for a in tomllib.load(f).get("actor", []):
                name = a.get("name", "").strip()
                out.add(name)
                out.update(s.strip() for s in a.get("aliases", []))
                out.update(s.strip() for s in a.get("demonyms", []))
                if a.get("type") == "person":
                    surname = a.get("surname") or (name.split() or [""])[-1]
                    if surname != name:
                        out.add(surname.strip())
    out.discard("")
    return sorted(out)


def generate(args, out_dir):
    rng = random.Random(args.seed)
    corpora = os.path.abspath(args.corpora)
    sources = [
        # (name, article metadata, paragraphs, paragraph separator as written)
        ("reuters", *load(os.path.join(corpora, "reuters21578", "articles.jsonl"), "\n    ", True), b"\\n    "),
        ("bbc", *load(os.path.join(corpora, "bbc", "articles.jsonl"), "\n\n", False), b"\\n\\n"),
    ]
    # Pick a corpus in proportion to its paragraph text, as the sources mix.
    weights = [sum(len(p) for ps in s[2] for p in ps) for s in sources]
    tables = digit_tables(rng)
    # BBC stories carry no date; spread them over 2004-2005, when they ran.
    bbc_base = datetime.date(2004, 1, 1).toordinal()

    target = int(args.mb * MB)
    part_limit = args.file_mb * MB
    written = docs = 0
    parts = []
    f = None
    part_bytes = 0
    prefix = f"bench{args.seed}-".encode()
    while written < target:
        if f is None or part_bytes >= part_limit:
            if f is not None:
                f.close()
            name = f"part-{len(parts):03d}.jsonl"
            parts.append(name)
            f = open(os.path.join(out_dir, name + ".tmp"), "wb", buffering=1 << 20)
            part_bytes = 0
        kind, meta, paras, sep = rng.choices(sources, weights)[0]
        n_articles = len(meta)
        head = rng.randrange(n_articles)
        title, published, source = meta[head]
        if published is None:
            published = datetime.date.fromordinal(bbc_base + rng.randrange(731)).isoformat()
        n = rng.randint(4, 12)
        # Distinct articles, none of them the one the title comes from.
        picks = [i for i in rng.sample(range(n_articles), n + 1) if i != head][:n]
        body = [rng.choice(paras[i]) for i in picks]
        # Keep any one paragraph under half the text (see module docstring).
        while max(map(len, body)) * 2 > sum(map(len, body)):
            i = rng.randrange(n_articles)
            if i != head and i not in picks:
                picks.append(i)
                body.append(rng.choice(paras[i]))
        body = [p.translate(tables[rng.randrange(len(tables))]) if b"\\u" not in p else p for p in body]
        if kind == "reuters":
            body[-1] += b" Reuter"
        doc_id = prefix + str(docs).encode()
        line = b"".join(
            (
                b'{"id": "', doc_id,
                b'", "title": ', title,
                b', "published": "', published.encode(),
                b'", "source": ', source,
                b', "url": "https://bench.invalid/', doc_id,
                b'", "text": "', sep.join(body), b'"}\n',
            )
        )  # fmt: skip
        f.write(line)
        written += len(line)
        part_bytes += len(line)
        docs += 1
    if f is not None:
        f.close()
    for name in parts:
        os.replace(os.path.join(out_dir, name + ".tmp"), os.path.join(out_dir, name))
    return parts, docs, written


def main():
    args = parse_args()
    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    stamp_path = os.path.join(out_dir, "corpus.json")
    want = {"version": FORMAT_VERSION, "mb": args.mb, "seed": args.seed, "file_mb": args.file_mb}

    # names.txt is cheap and follows the dictionaries, so it is always rewritten.
    patterns = names(args.actors)
    with open(os.path.join(out_dir, "names.txt"), "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in patterns))

    try:
        with open(stamp_path) as f:
            stamp = json.load(f)
        if {k: stamp.get(k) for k in want} == want and all(
            os.path.exists(os.path.join(out_dir, p)) for p in stamp["files"]
        ):
            print(
                f"reusing {out_dir}: {stamp['documents']} documents, {stamp['bytes']} bytes "
                f"in {len(stamp['files'])} files; {len(patterns)} names"
            )
            return
    except (OSError, ValueError, KeyError):
        pass

    # Drop the stamp first and any older parts, so an interrupted build is never reused.
    for stale in [stamp_path, *glob.glob(os.path.join(out_dir, "part-*.jsonl*"))]:
        if os.path.exists(stale):
            os.remove(stale)
    t0 = time.monotonic()
    parts, docs, written = generate(args, out_dir)
    secs = time.monotonic() - t0
    with open(stamp_path, "w") as f:
        json.dump({**want, "files": parts, "documents": docs, "bytes": written}, f, indent=1)
        f.write("\n")
    print(
        f"wrote {out_dir}: {docs} documents, {written} bytes in {len(parts)} files "
        f"({secs:.1f} s, {written / MB / max(secs, 1e-9):.0f} MB/s); {len(patterns)} names"
    )


if __name__ == "__main__":
    sys.exit(main())
