#!/usr/bin/env python3
"""How well newsmill infers publication days, on real news.

Reuters-21578 with its `published` field removed (the true day is kept
aside) and BBC (no dates; the stories are from 2004-2005) go through
`newsmill run`; the inferred days are compared with the truth:

- Reuters: share of documents dated, and of those the share within 3 days
  of the true day;
- BBC: share dated, and of those the share within 2004-01-01..2005-12-31.

Usage: python3 scripts/eval/score_published.py [--bin PATH] [--shared DIR]
Standard library only; the tables are read from the CSV twins (--csv all).
"""

import argparse
import csv
import datetime as dt
import glob
import json
import os
import pathlib
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]


def run(binary, jsonl, out):
    cmd = [binary, "run", str(REPO / "pipelines/seeds.toml"), "--input", str(jsonl),
           "--no-manifest", "--out", str(out), "--csv", "all", "--quiet"]
    subprocess.run(cmd, check=True)
    rows = {}
    for f in sorted(glob.glob(str(out / "csv/documents/*.csv"))):
        with open(f, newline="") as fh:
            for r in csv.DictReader(fh):
                rows[r["external_id"]] = r
    return rows


def day(s):
    return dt.date.fromisoformat(s) if s else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.environ.get("NEWSMILL_BIN", "newsmill"))
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong days per corpus")
    args = ap.parse_args()
    corpora = pathlib.Path(args.shared) / "corpora"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        truth = {}
        stripped = tmp / "reuters.jsonl"
        with open(corpora / "reuters21578/articles.jsonl") as src, open(stripped, "w") as dst:
            for line in src:
                d = json.loads(line)
                truth[d["id"]] = day(d["published"])
                d["published"] = None
                dst.write(json.dumps(d) + "\n")
        reuters = run(args.bin, stripped, tmp / "out-reuters")
        bbc = run(args.bin, corpora / "bbc/articles.jsonl", tmp / "out-bbc")

    dated = [(i, day(r["published"])) for i, r in reuters.items() if r["published"]]
    close = [(i, d) for i, d in dated if abs((d - truth[i]).days) <= 3]
    print(f"reuters: {len(reuters)} documents, dated {len(dated)} ({len(dated) / len(reuters):.1%}), "
          f"within 3 days {len(close)} ({len(close) / max(len(dated), 1):.1%} of dated)")
    if args.errors:
        wrong = [(i, d) for i, d in dated if abs((d - truth[i]).days) > 3]
        for i, d in wrong[: args.errors]:
            print(f"  {i}: inferred {d}, true {truth[i]}")
    bdated = [(i, day(r["published"])) for i, r in bbc.items() if r["published"]]
    inside = [(i, d) for i, d in bdated if dt.date(2004, 1, 1) <= d <= dt.date(2005, 12, 31)]
    print(f"bbc: {len(bbc)} documents, dated {len(bdated)} ({len(bdated) / len(bbc):.1%}), "
          f"within 2004-2005 {len(inside)} ({len(inside) / max(len(bdated), 1):.1%} of dated)")
    if args.errors:
        for i, d in [x for x in bdated if x not in inside][: args.errors]:
            print(f"  {i}: inferred {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
