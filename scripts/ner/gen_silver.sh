#!/bin/bash
# Self-training step: type votes for the words of names of two or more words
# the recognizer finds over the Reuters-21578 and BBC corpora, written to
# pipelines/ner/types.tsv. Run from the repo root after gen_data.py. The
# votes are counted with the table emptied, so they do not feed back into
# the names they come from. Then gen_suffixes.py derives the word-ending
# table from gazetteer and votes. The tagger reads both tables: retrain it
# afterwards (pipelines/ner/README.md).
set -euo pipefail
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/root/.cache/newsmill-target}
corpora=${1:-../shared/corpora}
: > pipelines/ner/types.tsv
cargo run --release --example eval_ner -- --silver /tmp/ner_types.tsv \
    "$corpora/reuters21578/articles.jsonl" "$corpora/bbc/articles.jsonl"
mv /tmp/ner_types.tsv pipelines/ner/types.tsv
python3 scripts/ner/gen_suffixes.py
