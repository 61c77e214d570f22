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

use std::collections::HashMap;

/// What the duplicate detector says about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Per sentence: the same normalized sentence appeared in an earlier document.
    pub repeated: Vec<bool>,
    /// The earlier document (by ordinal) this one mostly repeats.
    pub duplicate_of: Option<u32>,
}

/// Corpus-wide state: for every distinct sentence key, the first document
/// that had it. About 16 bytes per distinct sentence.
pub struct Duplicates {
    first_seen: HashMap<u64, u32>,
    /// Share of a document's sentence characters that must come from one
    /// earlier document for it to count as a near-duplicate.
    threshold: f64,
}

impl Duplicates {
    pub fn new(threshold: f64) -> Duplicates {
        Duplicates {
            first_seen: HashMap::new(),
            threshold,
        }
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
            let first = *self.first_seen.entry(key).or_insert(ordinal);
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
        let mut d = Duplicates::new(0.8);
        let first = d.observe(0, &[1, 2, 3, 1], &[10, 10, 10, 10]);
        assert_eq!(first.repeated, [false, false, false, false]);
        assert_eq!(first.duplicate_of, None);
        let second = d.observe(1, &[4, 2, 5, 6], &[10, 10, 10, 10]);
        assert_eq!(second.repeated, [false, true, false, false]);
        assert_eq!(second.duplicate_of, None);
    }

    #[test]
    fn a_mostly_copied_document_is_a_near_duplicate() {
        let mut d = Duplicates::new(0.8);
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
}
