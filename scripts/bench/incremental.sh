#!/usr/bin/env bash
# Incremental re-run benchmark: a full run over a SIZE_MB corpus into a
# fresh output directory, then a re-run after adding a new file of about
# 1% more documents (another seed, so the documents are new), as a daily
# job would. Reports both times and how many documents the re-run reused.
#
#   scripts/bench/incremental.sh SIZE_MB [NEW_PERCENT]   (default 1)
#
# Environment as for run.sh (NEWSMILL_BENCH_DIR, NEWSMILL_BIN, CARGO_TARGET_DIR,
# NEWSMILL_BENCH_CSV).
set -euo pipefail
export LC_ALL=C
[[ $# -ge 1 && $1 =~ ^[0-9]+$ && $1 -gt 0 ]] || { echo "usage: $0 SIZE_MB [NEW_PERCENT]" >&2; exit 2; }
size=$1
percent=${2:-1}

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bench=${NEWSMILL_BENCH_DIR:-$HOME/.cache/newsmill-bench}
csv=${NEWSMILL_BENCH_CSV:-summary}
mkdir -p "$bench"
bench=$(cd "$bench" && pwd)
# shellcheck source=scripts/bench/common.sh
source "$here/common.sh"

corpus=$bench/corpus-${size}mb
python3 "$here/make_corpus.py" --mb "$size" --seed 42 --out "$corpus" >/dev/null
extra_mb=$(python3 -c "print(max($size * $percent / 100, 0.01))")
extra=$bench/corpus-${size}mb-new${percent}pct
python3 "$here/make_corpus.py" --mb "$extra_mb" --seed 4242 --out "$extra" >/dev/null
out=$bench/out-incremental-${size}mb
rm -rf "$out"

write_pipeline() { # $1: file, $2...: input globs
    local file=$1
    shift
    local paths
    paths=$(printf '"%s", ' "$@")
    cat >"$file" <<TOML
# Written by scripts/bench/incremental.sh.
name = "incremental-${size}mb"
[input]
paths = [${paths%, }]
[actors]
dictionaries = ["$repo/pipelines/actors/countries.toml", "$repo/pipelines/actors/world.toml", "$repo/pipelines/actors/core.toml"]
[output]
dir = "$out"
csv = "$csv"
TOML
}
# The new documents come last, as a day's new file would.
write_pipeline "$bench/incremental-base.toml" "$corpus/part-*.jsonl"
write_pipeline "$bench/incremental-daily.toml" "$corpus/part-*.jsonl" "$extra/part-*.jsonl"
cat "$corpus"/part-*.jsonl "$extra"/part-*.jsonl >/dev/null

timed() { # prints seconds; the run's own output goes to stderr
    sync # as in run.sh: no earlier writeback in this run's time
    local start=$EPOCHREALTIME
    "$newsmill" run "$1" --quiet >&2
    python3 -c "print(round($EPOCHREALTIME - $start, 2))"
}
full=$(timed "$bench/incremental-base.toml")
again=$(timed "$bench/incremental-daily.toml")
python3 - "$out/manifest.json" "$full" "$again" "$size" "$percent" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
full, again, size, percent = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
docs = manifest["tables"]["documents"]["rows"]
reused = manifest.get("reused_documents", 0)
print(f"corpus {size} MB + {percent}% new documents ({docs} documents in all)")
print(f"full run        {full:8.2f} s")
how = (f"appended: read {manifest['read_files']} of {manifest['input_files']} files"
       if manifest.get("appended") else f"full run, reused {reused} cached documents")
print(f"re-run          {again:8.2f} s  ({again / full:.0%} of the full run), {how}")
stages = ", ".join(f"{k} {v:.2f}" for k, v in sorted(manifest["stage_seconds"].items()))
print(f"re-run stages   {stages}")
PY
