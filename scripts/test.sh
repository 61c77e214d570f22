#!/usr/bin/env bash
# The test command (README "Test"): Rust unit and integration tests, including
# the seed regression check, then the Python contract tests (DuckDB, pyarrow,
# polars, pandas), whose packages this script installs into a virtualenv.
#
# Environment: CARGO_TARGET_DIR as usual; NEWSMILL_VENV picks the virtualenv
# (default .venv in the repository).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked
cargo test --release --locked
# A bounded fuzz run over every reader and stage (examples/fuzz.rs); longer
# runs by hand with --cases.
cargo run --release --locked --example fuzz -- --seconds 60

# System packages the Python tests need: Java 17 or later for the Spark job's
# test (tests/python/test_spark.py), Chromium for the report's browser test
# (tests/python/test_report.py).
packages=()
command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
if [ ${#packages[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

venv="${NEWSMILL_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt

target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
NEWSMILL_BIN="$target_dir/release/newsmill" "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/python
