//! The run state: what the sequential steps know once a run has read all
//! of its inputs (document ids, the duplicate detector's memory, the
//! candidates, the aggregate counts and the feeds' days). It is committed with the tables, so
//! that a later run whose inputs are the same files plus new ones after
//! them reads only the new files: it continues from this state, adds parts
//! to the datasets and rewrites the per-run tables, which come out as a
//! full run over all the files would write them.
//!
//! A state holds for the run that committed it (its run id, checked
//! against `manifest.json`), the same binary and dictionaries (the run
//! cache's fingerprint) and the same settings ([`settings_hash`]). Anything
//! else, or a torn or corrupt file, means a full run.
//!
//! Layout: magic, fingerprint, settings hash, run id, the five parts, and
//! the xxh3 of everything before it.

use std::path::Path;

use crate::aggregate::Aggregator;
use crate::aggregate::candidates::Candidates;
use crate::clean::dedup::Duplicates;
use crate::codec::{Bytes, put_str, put_u64};
use crate::config::Pipeline;
use crate::run::feed::Feeds;
use crate::run::merge::DocIds;

/// The committed state, beside the tables.
pub const FILE: &str = ".newsmill-state.bin";
const MAGIC: &[u8; 8] = b"NMSTATE2";

/// What a state was made under; a run continues a state only under the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateKey {
    /// The run cache's fingerprint: binary, dictionaries, discovery.
    pub fingerprint: u64,
    pub settings: u64,
}

/// The merge's state after the committed run's last document.
pub struct RunState {
    pub(super) ids: DocIds,
    pub(super) duplicates: Duplicates,
    pub(super) candidates: Candidates,
    pub(super) aggregator: Aggregator,
    pub(super) feeds: Feeds,
}

/// A hash of the settings that decide the rows of every table besides the
/// input files themselves: ingest (with the text manifest's contents),
/// clean, actors and which tables get CSV twins. Threads, batch sizes and
/// the output directory do not change rows.
pub fn settings_hash(pipeline: &Pipeline) -> u64 {
    let input = &pipeline.input;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let settings = format!(
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{}",
        input.invalid_utf8,
        input.max_document_bytes,
        input.jsonl,
        pipeline.clean,
        pipeline.actors,
        input.manifest,
        pipeline.output.csv.as_str(),
    );
    h.update(settings.as_bytes());
    if let Some(manifest) = &input.manifest {
        // Unreadable: hashes as empty, and the run reports the manifest.
        h.update(&std::fs::read(manifest).unwrap_or_default());
    }
    h.digest()
}

/// Encodes the state of a run with `run_id` under `key`.
pub(super) fn encode(
    key: StateKey,
    run_id: &str,
    ids: &DocIds,
    duplicates: &Duplicates,
    candidates: &Candidates,
    aggregator: &Aggregator,
    feeds: &Feeds,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    put_u64(&mut out, key.fingerprint);
    put_u64(&mut out, key.settings);
    put_str(&mut out, run_id);
    ids.encode(&mut out);
    duplicates.encode(&mut out);
    candidates.encode(&mut out);
    aggregator.encode(&mut out);
    feeds.encode(&mut out);
    let sum = xxhash_rust::xxh3::xxh3_64(&out);
    put_u64(&mut out, sum);
    out
}

/// The state in `dir` if it was made under `key` by the run `run_id`, with
/// the duplicate settings of `pipeline`.
pub(super) fn load(
    dir: &Path,
    key: StateKey,
    run_id: &str,
    pipeline: &Pipeline,
) -> Option<RunState> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    decode(&bytes, key, run_id, pipeline)
}

fn decode(bytes: &[u8], key: StateKey, run_id: &str, pipeline: &Pipeline) -> Option<RunState> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if xxhash_rust::xxh3::xxh3_64(body).to_le_bytes() != sum {
        return None;
    }
    let mut b = Bytes(body);
    if b.take(8)? != MAGIC || b.u64()? != key.fingerprint || b.u64()? != key.settings {
        return None;
    }
    if b.str()? != run_id {
        return None;
    }
    let state = RunState {
        ids: DocIds::decode(&mut b)?,
        duplicates: Duplicates::decode(
            &mut b,
            pipeline.clean.near_duplicate_share,
            pipeline.clean.repeat_memory_sentences,
        )?,
        candidates: Candidates::decode(&mut b)?,
        aggregator: Aggregator::decode(&mut b)?,
        feeds: Feeds::decode(&mut b)?,
    };
    b.is_empty().then_some(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::parse(
            "[input]\npaths = ['in']\n[output]\ndir = 'out'\n",
            Path::new("p.toml"),
        )
        .unwrap()
    }

    #[test]
    fn a_state_loads_only_under_its_key_and_run_and_whole() {
        let p = pipeline();
        let key = StateKey {
            fingerprint: 1,
            settings: settings_hash(&p),
        };
        let mut ids = DocIds::default();
        ids.hashes.push(7);
        let bytes = encode(
            key,
            "run-a",
            &ids,
            &Duplicates::new(0.8, 10),
            &Candidates::default(),
            &Aggregator::default(),
            &Feeds::default(),
        );
        let state = decode(&bytes, key, "run-a", &p).unwrap();
        assert_eq!(state.ids.hashes, [7]);
        assert!(decode(&bytes, key, "run-b", &p).is_none());
        let other = StateKey {
            fingerprint: 2,
            ..key
        };
        assert!(decode(&bytes, other, "run-a", &p).is_none());
        let mut torn = bytes.clone();
        torn[20] ^= 1;
        assert!(decode(&torn, key, "run-a", &p).is_none());
        assert!(decode(&bytes[..bytes.len() - 3], key, "run-a", &p).is_none());
    }
}
