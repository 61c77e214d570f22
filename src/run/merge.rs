//! The sequential part of a run: document ids, duplicates, candidates and
//! the batch's rows, decided in input order because each depends on every
//! earlier document.

use std::collections::{BTreeMap, HashMap};

use crate::aggregate::candidates::{Candidates, Seen};
use crate::aggregate::{BatchCounts, Counting};
use crate::clean::dedup::Duplicates;
use crate::codec::{Bytes, put_u32, put_u64};
use crate::extract::actors::Matcher;
use crate::extract::ner::Label;
use crate::extract::record::{Processed, Who};
use crate::ingest::Reject;
use crate::output::{
    self, DatesBuilder, DocumentsBuilder, MentionsBuilder, NameMentionsBuilder, RejectsBuilder,
    SentencesBuilder,
};
use crate::run::cache::CacheWriter;
use crate::run::shard::{Shard, ShardRows};

/// One batch's rows for every per-document table, and its aggregate counts.
pub(super) struct BatchTables {
    pub(super) frames: Vec<(
        &'static output::TableSpec,
        polars::prelude::PolarsResult<polars::prelude::DataFrame>,
    )>,
    pub(super) counts: BatchCounts,
    /// Input bytes the batch came from, for the progress bar.
    pub(super) input_bytes: u64,
}

/// The sequential part of a run: document ids, duplicates and candidates
/// depend on every earlier document, so batches are merged in input order.
pub(super) struct Merger<'m> {
    pub(super) ids: DocIds,
    pub(super) duplicates: Duplicates,
    pub(super) candidates: Candidates,
    pub(super) counting: Counting,
    pub(super) matcher: &'m Matcher,
    /// This run's cache stream; dropped (with a warning) if it cannot be written.
    pub(super) cache: Option<CacheWriter>,
    /// Documents whose extraction came from the cache.
    pub(super) reused: u64,
    /// Documents without a publication day, and with an inferred one, in
    /// the tables (an appending run starts from the previous run's).
    pub(super) undated: u64,
    pub(super) inferred: u64,
    /// Documents with a `duplicate_of`, when this run can count them all.
    pub(super) duplicate_documents: Option<u64>,
    /// Rejected inputs by reason, to say why a run read no document.
    pub(super) rejected: BTreeMap<&'static str, u64>,
    /// The first input the machine failed to read: the run stops on it.
    pub(super) system_failure: Option<Reject>,
    /// In a shard run, the shard and the batch's rows of its own tables.
    pub(super) shard: Option<(Shard<'m>, ShardRows)>,
}

impl Merger<'_> {
    fn remember(&mut self, p: &Processed) {
        self.reused += u64::from(p.reused);
        self.undated += u64::from(p.doc.published.is_none());
        self.inferred += u64::from(matches!(
            p.doc.published_source,
            Some(crate::ingest::PublishedSource::Inferred(_))
        ));
        if let Some(cache) = &mut self.cache
            && let Err(e) = cache.append(p.cache_key, &p.cache_record)
        {
            tracing::warn!(
                "cannot write the run cache ({e}); the next run will extract everything"
            );
            self.cache = None;
        }
    }

    /// Why no document came out: the rejects by reason, or no input at all.
    pub(super) fn why_no_documents(&self) -> String {
        if self.rejected.is_empty() {
            return "no input held a document".into();
        }
        let total: u64 = self.rejected.values().sum();
        let reasons: Vec<String> = self
            .rejected
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        format!("{total} inputs rejected: {}", reasons.join(", "))
    }

    pub(super) fn merge(
        &mut self,
        results: Vec<Result<Processed, Reject>>,
        input_bytes: u64,
    ) -> BatchTables {
        let matcher = self.matcher;
        let mut documents = DocumentsBuilder::with_capacity(results.len());
        let mut rejects = RejectsBuilder::default();
        let mut sentences = SentencesBuilder::default();
        let mut mentions = MentionsBuilder::default();
        let mut name_mentions = NameMentionsBuilder::default();
        let mut counts = BatchCounts::new(&self.counting);
        let mut dates = DatesBuilder::default();
        for result in results {
            match result {
                Ok(p) => {
                    self.remember(&p);
                    let ordinal = self.ids.len();
                    let (id, exact_of) = self.ids.assign(p.content_hash);
                    let (id, repeated, duplicate_of) = match &mut self.shard {
                        // The distributed merge decides repeats and duplicates
                        // from the shard tables: none here.
                        Some((shard, rows)) => {
                            let key = shard.key(ordinal);
                            shard.push(rows, &key, ordinal, &p);
                            (key, vec![false; p.sentence_keys.len()], None)
                        }
                        None => {
                            let lengths: Vec<u32> =
                                p.sentence_spans.iter().map(|(s, e)| e - s).collect();
                            let verdict =
                                self.duplicates.observe(ordinal, &p.sentence_keys, &lengths);
                            let duplicate_of =
                                exact_of.or(verdict.duplicate_of).map(|o| self.ids.id(o));
                            (id, verdict.repeated, duplicate_of)
                        }
                    };
                    sentences.push(&id, &p, &repeated);
                    observe_unknown(&mut self.candidates, ordinal, &id, &p);
                    mentions.push(&id, &p, &repeated, matcher);
                    name_mentions.push(&id, &p);
                    dates.push(&id, &p);
                    let day = crate::epoch::days(p.doc.published);
                    counts.push(ordinal, &p, day, duplicate_of.is_some(), &repeated, matcher);
                    if let (Some(n), Some(_)) = (&mut self.duplicate_documents, &duplicate_of) {
                        *n += 1;
                    }
                    documents.push(&id, duplicate_of.as_deref(), &p);
                }
                Err(reject) if reject.reason == crate::ingest::RejectReason::System => {
                    self.system_failure.get_or_insert(reject);
                }
                Err(reject) => {
                    tracing::debug!("rejected {}: {}", reject.input, reject.detail);
                    *self.rejected.entry(reject.reason.as_str()).or_default() += 1;
                    rejects.push(reject);
                }
            }
        }
        if let Some(cache) = &mut self.cache
            && let Err(e) = cache.flush()
        {
            tracing::warn!(
                "cannot write the run cache ({e}); the next run will extract everything"
            );
            self.cache = None;
        }
        // Building the frames (casts, dictionaries) is per table: in parallel.
        let ((documents, rejects), ((sentences, mentions), (name_mentions, dates))) = rayon::join(
            || (documents.finish(), rejects.finish()),
            || {
                rayon::join(
                    || rayon::join(|| sentences.finish(), || mentions.finish()),
                    || rayon::join(|| name_mentions.finish(), || dates.finish()),
                )
            },
        );
        let mut frames = vec![
            (&output::DOCUMENTS, documents),
            (&output::REJECTS, rejects),
            (&output::SENTENCES, sentences),
            (&output::MENTIONS, mentions),
            (&output::NAME_MENTIONS, name_mentions),
            (&output::DATES, dates),
        ];
        if let Some((_, rows)) = &mut self.shard {
            frames.extend(std::mem::take(rows).finish());
        }
        BatchTables {
            frames,
            counts,
            input_bytes,
        }
    }
}

/// An unknown name as `candidates` counts it.
pub(super) struct Unknown<'p> {
    pub(super) name: &'p str,
    pub(super) label: Label,
    /// The sentence that holds it.
    pub(super) sentence: &'p str,
    /// Whether it ends the document (sign-offs such as "Reuter").
    pub(super) ending: bool,
    /// Whether a possessive `'s` follows it ("Moody" in "Moody's said").
    pub(super) possessive: bool,
}

/// A document's unknown names in text order. A surname alone counts for
/// the one full name of a person in the document that ends with it
/// ("Blair" after "Tony Blair"), as a person's whatever its own label.
pub(super) fn unknown_names(p: &Processed) -> impl Iterator<Item = Unknown<'_>> {
    let text = &p.clean.text;
    let full_names: Vec<&str> = p
        .mentions
        .iter()
        .filter(|m| m.who == Who::Unknown(Label::Per))
        .map(|m| &text[m.bytes.clone()])
        .filter(|n| n.contains(' '))
        .collect();
    p.mentions.iter().filter_map(move |m| {
        let Who::Unknown(mut label) = m.who else {
            return None;
        };
        let sentence = p
            .clean
            .sentences
            .get(m.sentence as usize)
            .map_or("", |s| &text[s.start..s.end]);
        let mut name = &text[m.bytes.clone()];
        if !name.contains(' ') {
            let mut owners = full_names
                .iter()
                .filter(|f| f.rsplit(' ').next() == Some(name));
            if let (Some(full), None) = (owners.next(), owners.next()) {
                name = full;
                label = Label::Per;
            }
        }
        let ending = text[m.bytes.end..]
            .trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
            .is_empty();
        let after = &text[m.bytes.end..];
        let possessive = ["'s", "\u{2019}s"].iter().any(|s| {
            after
                .strip_prefix(s)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        });
        Some(Unknown {
            name,
            label,
            sentence,
            ending,
            possessive,
        })
    })
}

/// Adds a document's unknown names to the run's candidates.
fn observe_unknown(candidates: &mut Candidates, ordinal: u32, doc_id: &str, p: &Processed) {
    for u in unknown_names(p) {
        let day = p.doc.published;
        let seen = Seen {
            ending: u.ending,
            possessive: u.possessive,
        };
        candidates.observe(u.name, u.label, ordinal, doc_id, day, u.sentence, seen);
    }
}

/// Turns content hashes into `doc_id`s; an exact repeat of earlier text gets
/// a numbered suffix so that ids stay unique within a run. About 14 bytes
/// per document: small even for tens of millions.
#[derive(Default)]
pub(super) struct DocIds {
    /// Per distinct hash: the first document's ordinal, looked up through
    /// `hashes`. Ordinals rather than (hash, ordinal) pairs: a table of 4-byte
    /// slots, a third of a map's, and this table grows with the corpus.
    pub(super) first: hashbrown::HashTable<u32>,
    /// Per ordinal: the content hash, to spell any earlier id.
    pub(super) hashes: Vec<u64>,
    /// Per hash that repeats: how many documents had it (rare, so kept
    /// apart from `first`).
    pub(super) repeats: HashMap<u64, u32>,
    /// Per ordinal of an exact repeat: its number, 2 or more.
    pub(super) numbers: HashMap<u32, u32>,
}

impl DocIds {
    pub(super) fn len(&self) -> u32 {
        self.hashes.len() as u32
    }

    /// The next document's id, and the ordinal of the document whose exact
    /// text it repeats.
    fn assign(&mut self, hash: u64) -> (String, Option<u32>) {
        let ordinal = self.len();
        let hashes = &self.hashes;
        // Content hashes are xxh3 already: used as the table's hash as is.
        let exact_of = self
            .first
            .find(hash, |&o| hashes[o as usize] == hash)
            .copied();
        match exact_of {
            None => {
                self.first
                    .insert_unique(hash, ordinal, |&o| hashes[o as usize]);
            }
            Some(_) => {
                let n = self.repeats.entry(hash).or_insert(1);
                *n += 1;
                self.numbers.insert(ordinal, *n);
            }
        }
        self.hashes.push(hash);
        (self.id(ordinal), exact_of)
    }

    /// The ids assigned so far, for a later run that continues this one.
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.hashes.len() as u64);
        for &hash in &self.hashes {
            put_u64(out, hash);
        }
        put_u64(out, self.numbers.len() as u64);
        // In ordinal order, so that the repeat counts rebuild as they were.
        let mut numbers: Vec<(u32, u32)> = self.numbers.iter().map(|(&o, &n)| (o, n)).collect();
        numbers.sort_unstable();
        for (ordinal, number) in numbers {
            put_u32(out, ordinal);
            put_u32(out, number);
        }
    }

    /// Ids an earlier run [`encode`](Self::encode)d; `None` if the bytes do
    /// not parse.
    pub(super) fn decode(bytes: &mut Bytes) -> Option<DocIds> {
        let mut ids = DocIds::default();
        let count = bytes.count()?;
        ids.hashes.reserve(count);
        for _ in 0..count {
            ids.hashes.push(bytes.u64()?);
        }
        for _ in 0..bytes.count()? {
            let (ordinal, number) = (bytes.u32()?, bytes.u32()?);
            let hash = *ids.hashes.get(ordinal as usize)?;
            ids.numbers.insert(ordinal, number);
            let n = ids.repeats.entry(hash).or_insert(1);
            *n = (*n).max(number);
        }
        let hashes = &ids.hashes;
        for (ordinal, &hash) in hashes.iter().enumerate() {
            if ids
                .first
                .find(hash, |&o| hashes[o as usize] == hash)
                .is_none()
            {
                ids.first
                    .insert_unique(hash, ordinal as u32, |&o| hashes[o as usize]);
            }
        }
        Some(ids)
    }

    fn id(&self, ordinal: u32) -> String {
        let hash = self.hashes[ordinal as usize];
        match self.numbers.get(&ordinal) {
            None => format!("{hash:016x}"),
            Some(n) => format!("{hash:016x}-{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_content_gets_numbered_ids() {
        let mut ids = DocIds::default();
        assert_eq!(ids.assign(0xab), ("00000000000000ab".into(), None));
        assert_eq!(ids.assign(0xcd), ("00000000000000cd".into(), None));
        assert_eq!(ids.assign(0xab), ("00000000000000ab-2".into(), Some(0)));
        assert_eq!(ids.assign(0xab), ("00000000000000ab-3".into(), Some(0)));
        assert_eq!(ids.id(1), "00000000000000cd");
        assert_eq!(ids.id(2), "00000000000000ab-2");
    }

    #[test]
    fn decoded_ids_go_on_numbering_as_the_original() {
        let mut a = DocIds::default();
        for hash in [0xab, 0xcd, 0xab] {
            a.assign(hash);
        }
        let mut bytes = Vec::new();
        a.encode(&mut bytes);
        let mut b = DocIds::decode(&mut Bytes(&bytes)).unwrap();
        for hash in [0xab, 0xef, 0xcd] {
            assert_eq!(a.assign(hash), b.assign(hash));
        }
        assert_eq!(b.id(3), "00000000000000ab-3");
    }

    #[test]
    fn repeats_are_found_after_the_table_has_grown() {
        let mut ids = DocIds::default();
        let hash = |i: u64| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes());
        for i in 0..50_000 {
            assert_eq!(ids.assign(hash(i)).1, None);
        }
        for i in (0..50_000).step_by(997) {
            let (id, first) = ids.assign(hash(i));
            assert_eq!(first, Some(i as u32));
            assert_eq!(id, format!("{:016x}-2", hash(i)));
        }
    }
}
