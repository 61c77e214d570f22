#!/usr/bin/env bash
# Whole-run benchmark: newsmill over a synthetic corpus of SIZE_MB, once per
# thread count, against ripgrep searching the same files for the same names.
#
#   scripts/bench/run.sh SIZE_MB [THREADS...]     (default threads: the core count)
#
# Environment:
#   NEWSMILL_BENCH_DIR   corpora, outputs and results.jsonl (default ~/.cache/newsmill-bench)
#   NEWSMILL_BENCH_SEED  corpus seed (default 42)
#   NEWSMILL_BENCH_CSV   which tables get CSV twins: summary (default, as the default pipeline), all or none
#   NEWSMILL_BENCH_DISCOVER  false to run without name discovery ([actors]
#                        discover = false); pipeline and output get a
#                        -nodiscover suffix (default true, as the default pipeline)
#   NEWSMILL_BENCH_OUT   where the tables go (default NEWSMILL_BENCH_DIR); /dev/shm
#                        takes the disk out of the figures
#   NEWSMILL_BIN         use this binary instead of building one
#   CARGO_TARGET_DIR     as in .ci/run (default ~/.cache/newsmill-target)
# See scripts/bench/README.md.
set -euo pipefail
# A "." decimal point in EPOCHREALTIME, a byte order for sort.
export LC_ALL=C

usage() {
    echo "usage: $0 SIZE_MB [THREADS...]" >&2
    exit 2
}
[[ $# -ge 1 && $1 =~ ^[0-9]+$ && $1 -gt 0 ]] || usage
size=$1
shift
threads=("$@")
[[ ${#threads[@]} -gt 0 ]] || threads=("$(nproc)")
for t in "${threads[@]}"; do
    [[ $t =~ ^[0-9]+$ && $t -gt 0 ]] || usage
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bench=${NEWSMILL_BENCH_DIR:-$HOME/.cache/newsmill-bench}
seed=${NEWSMILL_BENCH_SEED:-42}
csv=${NEWSMILL_BENCH_CSV:-summary}
discover=${NEWSMILL_BENCH_DISCOVER:-true}
[[ $discover == true || $discover == false ]] || { echo "NEWSMILL_BENCH_DISCOVER must be true or false" >&2; exit 2; }
variant=""
[[ $discover == true ]] || variant="-nodiscover"
tools=$HOME/.cache/newsmill-tools
mkdir -p "$bench"
bench=$(cd "$bench" && pwd)
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

# --- binaries
# shellcheck source=scripts/bench/common.sh
source "$here/common.sh"
if command -v rg >/dev/null; then
    rg=$(command -v rg)
else
    rg=$tools/bin/rg
    [[ -x $rg ]] || cargo install --locked ripgrep --root "$tools"
fi

# --- corpus and pipeline
corpus=$bench/corpus-${size}mb
python3 "$here/make_corpus.py" --mb "$size" --seed "$seed" --out "$corpus"
mapfile -t files < <(find "$corpus" -maxdepth 1 -name 'part-*.jsonl' | sort)
pipeline=$bench/pipeline-${size}mb${variant}.toml
out_root=${NEWSMILL_BENCH_OUT:-$bench}
mkdir -p "$out_root"
out=$(cd "$out_root" && pwd)/out-${size}mb${variant}
# Absolute paths: the pipeline lives outside the repository.
cat >"$pipeline" <<EOF
# Written by scripts/bench/run.sh; rewritten on every run.
name = "bench-${size}mb"

[input]
paths = ["$corpus/part-*.jsonl"]

[actors]
dictionaries = ["$repo/pipelines/actors/countries.toml", "$repo/pipelines/actors/world.toml", "$repo/pipelines/actors/core.toml"]
discover = $discover

[output]
dir = "$out"
csv = "$csv"

# Every run a full run: no reuse of the previous run's extraction.
[run]
cache = false
EOF

# Dropping the page cache needs privileges over the host that a benchmark
# should not ask for; instead both tools read from a warm cache.
cat "${files[@]}" >/dev/null

commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
# Others may be editing the tree; say so next to the commit.
if [[ $commit != unknown && -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    commit+="-dirty"
fi
# The commit does not pin the binary (NEWSMILL_BIN, a tree being edited): its build time does.
binary=$(date -u -r "$newsmill" +%Y-%m-%dT%H:%M:%SZ)
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
invocation="$date-$$"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "$("$newsmill" --version) ($commit, built $binary), $(nproc) cores; rg $("$rg" --version | head -1)"
echo "corpus $corpus (${#files[@]} files); pipeline $pipeline"
echo

# Wall time from EPOCHREALTIME (microseconds); time -v only gives centiseconds,
# too coarse for rg on small corpora. time -v still supplies peak RSS and CPU.
for t in "${threads[@]}"; do
    # Earlier runs leave gigabytes of tables for the kernel to write back;
    # flushed first, they do not eat into this run's time.
    sync
    nm_start=$EPOCHREALTIME
    /usr/bin/time -v -o "$work/newsmill.time" "$newsmill" run "$pipeline" --threads "$t" --quiet
    nm_end=$EPOCHREALTIME
    rg_start=$EPOCHREALTIME
    # rg exits 1 when nothing matches, which is still a measurement.
    /usr/bin/time -v -o "$work/rg.time" "$rg" --count-matches -j "$t" -F -f "$corpus/names.txt" \
        "${files[@]}" >"$work/rg.out" || [[ $? -eq 1 ]]
    rg_end=$EPOCHREALTIME
    python3 "$here/report.py" run \
        --time "$work/newsmill.time" --wall "$nm_start" "$nm_end" --manifest "$out/manifest.json" \
        --rg-time "$work/rg.time" --rg-wall "$rg_start" "$rg_end" --rg-out "$work/rg.out" \
        --size "$size" --threads "$t" --results "$bench/results.jsonl" --date "$date" \
        --invocation "$invocation" --commit "$commit" --binary "$binary" --host "$(hostname)" --cores "$(nproc)" \
        --out-fs "$(df --output=fstype "$out_root" | tail -1)" --discover "$discover"
done
python3 "$here/report.py" table --results "$bench/results.jsonl" --invocation "$invocation"
echo "results appended to $bench/results.jsonl"
