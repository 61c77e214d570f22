# Shared by the bench scripts (sourced): the newsmill binary to measure.
# NEWSMILL_BIN wins; otherwise a release build in CARGO_TARGET_DIR (default
# ~/.cache/newsmill-target, as .ci/run uses). Needs $repo set.
if [[ -n ${NEWSMILL_BIN:-} ]]; then
    newsmill=$NEWSMILL_BIN
else
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/newsmill-target}"
    (cd "$repo" && cargo build --release --locked)
    newsmill=$CARGO_TARGET_DIR/release/newsmill
fi
