//! Cross-document repeats: sentences seen in an earlier document, and
//! documents that are (near-)duplicates of an earlier one.
//!
//! The unit of comparison is the normalized sentence (a shingle one sentence
//! long): a document whose sentence text comes, for the most part, from one
//! earlier document is a near-duplicate of it. Syndicated copies, re-posts
//! with a new intro or byline, and the same story re-cleaned from different
//! page chrome all qualify; two reports of one event in different words do
//! not. This runs in the sequential merge step, in input order, so "earlier"
//! is well defined and results do not depend on thread count.

//!
//! Memory is bounded: the detector remembers the most recent sentences only
//! (two generations of at most `memory` keys each), so a repeat of a
//! sentence seen long ago (millions of sentences back) counts as new.
//! Syndication and re-posts happen within days, far inside that window.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// What the duplicate detector says about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Per sentence: the same normalized sentence appeared in an earlier document.
    pub repeated: Vec<bool>,
    /// The earlier document (by ordinal) this one mostly repeats.
    pub duplicate_of: Option<u32>,
}

/// Sentence keys are xxh3 hashes already: hashing them again is waste.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// A map keyed by a hash (xxh3), which is used as is.
pub(crate) type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

type KeyMap = HashKeyed<u32>;

/// Run-wide state: for each recently seen sentence key, the first document
/// that had it. 20-40 bytes per remembered sentence (key, ordinal and
/// the table's free slots).
pub struct Duplicates {
    /// The generation being filled, and the one before it.
    first_seen: KeyMap,
    older: KeyMap,
    /// Keys per generation.
    memory: usize,
    /// Share of a document's sentence characters that must come from one
    /// earlier document for it to count as a near-duplicate.
    threshold: f64,
}

impl Duplicates {
    /// `memory`: distinct sentences per generation (at least 1).
    pub fn new(threshold: f64, memory: usize) -> Duplicates {
        Duplicates {
            first_seen: KeyMap::default(),
            older: KeyMap::default(),
            memory: memory.max(1),
            threshold,
        }
    }

    /// The first document with `key`, recording `ordinal` if none is known.
    fn first(&mut self, key: u64, ordinal: u32) -> u32 {
        if let Some(&first) = self.first_seen.get(&key) {
            return first;
        }
        let first = self.older.get(&key).copied().unwrap_or(ordinal);
        if self.first_seen.len() >= self.memory {
            // The run is long enough to fill generations: from the second
            // on, one full-size table is allocated once and then reused
            // (the oldest, emptied). Growing each new one by doubling would
            // hold old and new tables at every step, and peak RSS would
            // keep rising long after the sentence memory is full.
            let mut next = std::mem::take(&mut self.older);
            next.clear();
            next.reserve(self.memory);
            self.older = std::mem::replace(&mut self.first_seen, next);
        }
        self.first_seen.insert(key, first);
        first
    }

    /// Records document `ordinal` (ascending across calls) with its sentence
    /// keys and their lengths in characters.
    pub fn observe(&mut self, ordinal: u32, keys: &[u64], lengths: &[u32]) -> Verdict {
        debug_assert_eq!(keys.len(), lengths.len());
        let mut repeated = Vec::with_capacity(keys.len());
        // Characters repeated from each earlier document; documents repeat
        // few sources, so a short vector beats a map.
        let mut sources: Vec<(u32, u64)> = Vec::new();
        let mut total = 0u64;
        for (&key, &len) in keys.iter().zip(lengths) {
            total += u64::from(len);
            let first = self.first(key, ordinal);
            let is_repeat = first != ordinal;
            repeated.push(is_repeat);
            if is_repeat {
                match sources.iter_mut().find(|(doc, _)| *doc == first) {
                    Some((_, chars)) => *chars += u64::from(len),
                    None => sources.push((first, u64::from(len))),
                }
            }
        }
        // Highest share wins; ties go to the earliest document.
        let best = sources
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        let duplicate_of = best
            .filter(|(_, chars)| total > 0 && *chars as f64 >= self.threshold * total as f64)
            .map(|(doc, _)| *doc);
        Verdict {
            repeated,
            duplicate_of,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_sentences_are_repeated_only_in_later_documents() {
        let mut d = Duplicates::new(0.8, 100);
        let first = d.observe(0, &[1, 2, 3, 1], &[10, 10, 10, 10]);
        assert_eq!(first.repeated, [false, false, false, false]);
        assert_eq!(first.duplicate_of, None);
        let second = d.observe(1, &[4, 2, 5, 6], &[10, 10, 10, 10]);
        assert_eq!(second.repeated, [false, true, false, false]);
        assert_eq!(second.duplicate_of, None);
    }

    #[test]
    fn a_mostly_copied_document_is_a_near_duplicate() {
        let mut d = Duplicates::new(0.8, 100);
        d.observe(0, &[1, 2, 3, 4, 5], &[50, 50, 50, 50, 50]);
        d.observe(1, &[9], &[10]);
        // A new short intro, then the copied story.
        let copy = d.observe(2, &[7, 1, 2, 3, 4, 5], &[30, 50, 50, 50, 50, 50]);
        assert_eq!(copy.duplicate_of, Some(0));
        // Half copied from 0, half new: not a duplicate.
        let half = d.observe(3, &[1, 2, 20, 21], &[50, 50, 50, 50]);
        assert_eq!(half.duplicate_of, None);
        assert_eq!(half.repeated, [true, true, false, false]);
        // A document without sentences is nobody's duplicate.
        assert_eq!(d.observe(4, &[], &[]).duplicate_of, None);
    }

    #[test]
    fn memory_keeps_the_recent_sentences_only() {
        let mut d = Duplicates::new(0.8, 2);
        d.observe(0, &[1, 2], &[10, 10]);
        // Keys 1 and 2 move to the older generation; both still count.
        assert_eq!(d.observe(1, &[3, 1], &[10, 10]).repeated, [false, true]);
        d.observe(2, &[4, 5, 6], &[10, 10, 10]);
        // Two generations later, key 2 is forgotten; 6 is still known.
        assert_eq!(d.observe(3, &[2, 6], &[10, 10]).repeated, [false, true]);
        assert!(d.first_seen.len() + d.older.len() <= 4);
    }
}
