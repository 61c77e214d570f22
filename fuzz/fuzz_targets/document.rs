//! Every target of the stable driver under libFuzzer: the first byte picks
//! the target (text, JSONL, HTML, WARC and their gzip, manifest, pipeline,
//! cache), the rest is the input.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../examples/fuzz/harness.rs"]
mod harness;

static HARNESS: LazyLock<harness::Harness> =
    LazyLock::new(|| harness::Harness::new(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")));

fuzz_target!(|data: &[u8]| {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let target = harness::TARGETS[pick as usize % harness::TARGETS.len()];
    let work = tempfile::tempdir().expect("a temporary directory");
    if let Err(problem) = HARNESS.run(target, input, work.path()) {
        panic!("{target}: {problem}");
    }
});
