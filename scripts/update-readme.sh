#!/usr/bin/env bash
# Regenerates README.md's two generated blocks: the table reference
# (`newsmill schema --markdown`, from src/output/schema.rs) and the command
# reference (`newsmill reference`, from the clap definitions in src/cmd/).
# tests/it/readme.rs fails while either is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/release/newsmill
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" schema --markdown >"$tmp/schema"
"$bin" reference >"$tmp/commands"
python3 - "$tmp" <<'PY'
import pathlib, re, sys
tmp = pathlib.Path(sys.argv[1])
readme = pathlib.Path("README.md")
text = readme.read_text()
for name in ("schema", "commands"):
    generated = (tmp / name).read_text()
    pattern = re.compile(r"(<!-- %s:start[^\n]*-->\n).*?(<!-- %s:end -->)" % (name, name), re.S)
    text, n = pattern.subn(lambda m: m.group(1) + generated + m.group(2), text)
    if n != 1:
        sys.exit(f"README.md: expected one {name} block, found {n}")
readme.write_text(text)
PY
