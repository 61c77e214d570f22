#!/usr/bin/env bash
# Checks that a change keeps behaviour: every table byte-identical to a
# reference, on the seeds and on a synthetic 100 MB corpus
# (scripts/bench/make_corpus.py), at one and at two threads.
#
#   scripts/identity.sh record    # run the current build, keep its output as the reference
#   scripts/identity.sh compare   # run the current build, compare with the reference
#
# Record before the change (on a clean tree), compare after it. Every file of
# each output is compared with cmp, except manifest.json, which is compared
# without its run-specific fields (timings, finish time, thread count), and
# the run cache and run state, which are keyed by the binary and are no
# tables, and the run history (runs.jsonl) and report (report.html), which
# record times.
#
# Environment:
#   NEWSMILL_BIN            binary to run (default: builds the release binary)
#   NEWSMILL_IDENTITY_DIR   references and outputs (default ~/.cache/newsmill-identity)
#   NEWSMILL_IDENTITY_MB    size of the synthetic corpus (default 100; 0 skips it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
mode=${1:-}
case "$mode" in
record | compare) ;;
*)
    echo "usage: scripts/identity.sh record|compare" >&2
    exit 2
    ;;
esac

dir=${NEWSMILL_IDENTITY_DIR:-$HOME/.cache/newsmill-identity}
mb=${NEWSMILL_IDENTITY_MB:-100}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if [[ -z ${NEWSMILL_BIN:-} ]]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/newsmill-target}
    (cd "$repo" && cargo build --release --locked --quiet)
    NEWSMILL_BIN=$CARGO_TARGET_DIR/release/newsmill
fi

# The cases: name, pipeline file, extra arguments.
cases=()
cases+=("seeds|$repo/pipelines/seeds.toml")
if [[ $mb != 0 ]]; then
    corpus=$dir/corpus-${mb}mb
    python3 "$repo/scripts/bench/make_corpus.py" --mb "$mb" --seed 42 --out "$corpus" >/dev/null
    pipeline=$dir/pipeline-${mb}mb.toml
    cat >"$pipeline" <<EOF
# Written by scripts/identity.sh; rewritten on every run.
name = "identity-${mb}mb"

[input]
paths = ["$corpus/part-*.jsonl"]

[actors]
dictionaries = ["$repo/pipelines/actors/countries.toml", "$repo/pipelines/actors/world.toml", "$repo/pipelines/actors/core.toml"]

[output]
dir = "$dir/out/${mb}mb"  # each run gives --out
csv = "all"

[run]
cache = false
EOF
    cases+=("${mb}mb|$pipeline")
fi

# manifest.json without what differs between two runs of the same input.
stable_manifest() {
    python3 - "$1" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
for key in ("finished_at", "stage_seconds", "seconds", "threads"):
    m.pop(key, None)
print(json.dumps(m, indent=1, sort_keys=True))
EOF
}

status=0
for case in "${cases[@]}"; do
    name=${case%%|*}
    pipeline=${case#*|}
    for threads in 1 2; do
        label="$name, $threads thread(s)"
        link=$dir/out/$name-t$threads
        generations=$dir/out/.$name-t$threads.newsmill
        rm -rf "$link" "$generations"
        "$NEWSMILL_BIN" run "$pipeline" --out "$link" --threads "$threads" --quiet
        # The output path is a link to its current generation (a real
        # directory for builds before generations): compare what it names.
        out=$(cd "$link" && pwd -P)
        ref=$dir/reference/$name-t$threads
        if [[ $mode == record ]]; then
            rm -rf "$ref"
            mkdir -p "$(dirname "$ref")"
            mv "$out" "$ref"
            rm -rf "$link" "$generations"
            echo "recorded $label: $(find "$ref" -type f | wc -l) files"
            continue
        fi
        if [[ ! -d $ref ]]; then
            echo "no reference for $label: run scripts/identity.sh record first" >&2
            exit 2
        fi
        differ=()
        while IFS= read -r file; do
            rel=${file#"$ref"/}
            if [[ ! -f $out/$rel ]]; then
                differ+=("$rel (missing)")
            elif [[ $rel == manifest.json ]]; then
                if [[ "$(stable_manifest "$ref/$rel")" != "$(stable_manifest "$out/$rel")" ]]; then
                    differ+=("$rel")
                fi
            elif ! cmp -s "$file" "$out/$rel"; then
                differ+=("$rel")
            fi
        done < <(find "$ref" -type f ! -name '.newsmill-cache*' ! -name '.newsmill-state.bin' ! -name runs.jsonl ! -name report.html | sort)
        while IFS= read -r file; do
            rel=${file#"$out"/}
            [[ -f $ref/$rel ]] || differ+=("$rel (new)")
        done < <(find "$out" -type f ! -name '.newsmill-cache*' ! -name '.newsmill-state.bin' ! -name runs.jsonl ! -name report.html | sort)
        files=$(find "$ref" -type f ! -name '.newsmill-cache*' ! -name '.newsmill-state.bin' ! -name runs.jsonl ! -name report.html | wc -l)
        if ((${#differ[@]})); then
            echo "DIFFER $label: ${differ[*]}"
            status=1
        else
            echo "identical $label: $files files"
            rm -rf "$link" "$generations"
        fi
    done
done
exit $status
