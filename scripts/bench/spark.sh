#!/usr/bin/env bash
# The Spark job against a single run on the same corpus (README, "Running
# on Spark"): wall time and CPU seconds (the machine's, so the JVM, Python
# workers and newsmill processes are all counted) of `newsmill run --threads N`
# and of spark/newsmill_spark.py in local[N] mode, for N = 1 and 2, then
# checks that both gave the same tables.
#
#   scripts/bench/spark.sh CORPUS_DIR [SHARDS]
#
# CORPUS_DIR: JSONL files, e.g. from make_corpus.py --file-mb 16. Needs the
# test virtualenv (NEWSMILL_VENV, default .venv) with pyspark, and Java.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=$(realpath "$1")
shards=${2:-0}
venv="${NEWSMILL_VENV:-.venv}"
cargo build --release --locked --quiet
bin=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/release/newsmill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$corpus"/*.jsonl >/dev/null
# CPU seconds of the whole machine (user + system, all processes): Spark's
# JVM is not a waited-for child, so /usr/bin/time cannot count it. Keep the
# machine otherwise idle.
cpu() { awk '/^cpu /{print ($2+$3+$4+$7+$8)/100}' /proc/stat; }
# Local mode runs the executors in the driver's JVM: give it room.
export PYSPARK_SUBMIT_ARGS="--driver-memory 4g pyspark-shell"
measure() {
    local label=$1
    shift
    sync
    local before
    before=$(cpu)
    /usr/bin/time -o "$work/time" -f "%e" "$@" >"$work/log" 2>&1 || { tail -20 "$work/log"; exit 1; }
    echo "$label $(cat "$work/time") s wall, $(awk -v a="$before" -v b="$(cpu)" 'BEGIN{printf "%.1f", b-a}') CPU s"
    grep -h "^newsmill-spark:" "$work/log" || true
}
for n in 1 2; do
    measure "single --threads $n:" "$bin" run pipelines/seeds.toml --no-manifest --input "$corpus" \
        --out "$work/single-$n" --threads "$n" --csv none --quiet
    measure "spark local[$n]:" "$venv/bin/python" spark/newsmill_spark.py --master "local[$n]" \
        --binary "$bin" --pipeline pipelines/seeds.toml --no-manifest --input "$corpus" \
        --staging "$work" --out "$work/spark-$n" --shards "$shards"
done
"$venv/bin/python" - "$work" <<'PY'
import duckdb, pathlib, sys
work = pathlib.Path(sys.argv[1])
tables = ["documents", "sentences", "mentions", "name_mentions", "dates", "rejects",
          "actor_day", "actor_event_day", "actor_pair_day", "candidates", "actors"]
def rows(out, t):
    src = f"{out}/{t}/*.parquet" if (out / t).is_dir() else f"{out}/{t}.parquet"
    return duckdb.sql(f"SELECT * FROM read_parquet('{src}') ORDER BY ALL").fetchall()
for t in tables:
    a, b = rows(work / "single-2", t), rows(work / "spark-2", t)
    print(f"{t}: {len(a)} rows, {'equal' if a == b else 'DIFFERENT'}")
PY
