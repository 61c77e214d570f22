//! The per-document path: a raw document cleaned ([`prepare`]), then its
//! actors, unknown names and dates extracted or taken from the run cache
//! ([`extract`]), with offsets turned into code points. It runs once per
//! document on a worker thread and shares nothing mutable.

use chrono::NaiveDate;

use crate::clean::{Cleaned, Cleaner, sentence_key};
use crate::extract::actors::Matcher;
use crate::extract::dates::{DateTagger, DayEvidence, Granularity, Timex, TimexType, day_evidence};
use crate::extract::disambiguate::disambiguate;
use crate::extract::discover::unknown_names;
use crate::extract::found::{self, Found};
use crate::extract::ner::Recognizer;
use crate::extract::record::{MentionSpan, Processed, TimexSpan, Who};
use crate::ingest::RawDocument;
use crate::offsets::CodePoints;

/// A document cleaned, waiting for its publication day and extraction.
pub struct Prepared {
    pub doc: RawDocument,
    content_hash: u64,
    chars: u32,
    clean: Cleaned,
    /// What the clean text says of its publication day, when no input
    /// gave one.
    pub evidence: Option<DayEvidence>,
    /// The run cache's key: clean text and publication day ([`Prepared::seal`]).
    pub key: u128,
}

/// Cleans a document and reads the evidence for its publication day.
pub fn prepare(doc: RawDocument, stages: &Stages) -> Prepared {
    let content_hash = xxhash_rust::xxh3::xxh3_64(doc.text.as_bytes());
    let chars = doc.text.chars().count() as u32;
    let clean = if doc.extracted {
        stages.cleaner.clean_extracted(&doc.text)
    } else {
        stages.cleaner.clean(&doc.text)
    };
    let evidence = doc
        .published
        .is_none()
        .then(|| day_evidence(&stages.tagger, &clean.text));
    let mut prepared = Prepared {
        doc,
        content_hash,
        chars,
        clean,
        evidence,
        key: 0,
    };
    // A given day is settled already: hash here, in parallel, rather than
    // in the input-order step that dates the others.
    if prepared.evidence.is_none() {
        prepared.seal(stages);
    }
    prepared
}

impl Prepared {
    /// Computes the cache key once the publication day is settled: at once
    /// for a given day, after `run::feed` for the others.
    pub fn seal(&mut self, stages: &Stages) {
        if stages.caching {
            self.key = found::key(&self.clean.text, self.doc.published);
        }
    }
}

/// Runs the extractors on a clean text.
fn extraction(stages: &Stages, text: &str, published: Option<NaiveDate>) -> Found {
    let day = published;
    let timexes = stages.tagger.tag(text, day);
    let mut known = stages.matcher.find(text, day);
    let names = stages.recognizer.entities(text);
    disambiguate(
        &stages.matcher,
        &stages.recognizer,
        text,
        &names,
        &mut known,
    );
    let unknown = if stages.discover {
        unknown_names(&stages.recognizer, &stages.matcher, text, &names, &known)
    } else {
        Vec::new()
    };
    let mut mentions: Vec<(usize, usize, Who)> = known
        .iter()
        .map(|m| (m.start, m.end, Who::Actor(m.actor, m.method)))
        .chain(
            unknown
                .iter()
                .map(|u| (u.start, u.end, Who::Unknown(u.label))),
        )
        .collect();
    mentions.sort_unstable_by_key(|f| f.0);
    Found { mentions, timexes }
}

/// Extracts from a prepared document, or decodes `cached` (the record the
/// run cache holds for its key) when there is one.
pub fn extract(p: Prepared, cached: Option<Vec<u8>>, stages: &Stages) -> Processed {
    let Prepared {
        doc,
        content_hash,
        chars,
        clean,
        key,
        ..
    } = p;
    let (found, cache_record, reused) = found_or_cached(cached, stages, &clean.text, doc.published);
    // One cursor for every pass below: each goes in ascending order, and a
    // pass that starts lower than the last one ended rewinds it.
    let mut code_points = CodePoints::new(&clean.text);
    let sentence_spans = clean
        .sentences
        .iter()
        .map(|s| (code_points.at(s.start), code_points.at(s.end)))
        .collect();
    let chars_clean = code_points.at(clean.text.len());
    let sentence_keys = clean
        .sentences
        .iter()
        .map(|s| sentence_key(&clean.text[s.start..s.end]))
        .collect();
    let timexes = locate_timexes(found.timexes, &clean, &mut code_points);
    let mentions = locate_mentions(
        found.mentions,
        &clean,
        &timexes,
        doc.published,
        &mut code_points,
    );
    Processed {
        doc,
        content_hash,
        chars,
        clean,
        chars_clean,
        sentence_spans,
        sentence_keys,
        mentions,
        timexes,
        cache_key: key,
        cache_record,
        reused,
    }
}

/// What extraction finds in `text`, decoded from the cache record when there
/// is one; with the record to cache (empty when the run keeps no cache) and
/// whether it was reused.
fn found_or_cached(
    cached: Option<Vec<u8>>,
    stages: &Stages,
    text: &str,
    published: Option<NaiveDate>,
) -> (Found, Vec<u8>, bool) {
    if let Some(bytes) = cached
        && let Some(found) = found::decode(&bytes)
    {
        return (found, bytes, true);
    }
    let found = extraction(stages, text, published);
    let mut bytes = Vec::new();
    if stages.caching {
        bytes.reserve(64 + 16 * found.mentions.len());
        found::encode(&found, &mut bytes);
    }
    (found, bytes, false)
}

/// The sentence holding byte offset `byte` of the clean text.
fn sentence_of(clean: &Cleaned, byte: usize) -> u32 {
    clean.sentences.partition_point(|s| s.end <= byte) as u32
}

fn locate_timexes(
    timexes: Vec<Timex>,
    clean: &Cleaned,
    code_points: &mut CodePoints,
) -> Vec<TimexSpan> {
    timexes
        .into_iter()
        .map(|t| TimexSpan {
            start: code_points.at(t.start),
            end: code_points.at(t.end),
            sentence: sentence_of(clean, t.start),
            timex: t,
        })
        .collect()
}

/// Mentions with code-point offsets, their sentence, and the day each is
/// about: a day its sentence gives, else the publication day.
fn locate_mentions(
    mentions: Vec<(usize, usize, Who)>,
    clean: &Cleaned,
    timexes: &[TimexSpan],
    published: Option<NaiveDate>,
    code_points: &mut CodePoints,
) -> Vec<MentionSpan> {
    mentions
        .into_iter()
        .map(|(start, end, who)| {
            let sentence = sentence_of(clean, start);
            let said = sentence_day(timexes, sentence, start, end);
            MentionSpan {
                bytes: start..end,
                start: code_points.at(start),
                end: code_points.at(end),
                sentence,
                who,
                day: said.or(published),
                day_from_sentence: said.is_some(),
            }
        })
        .collect()
}

/// The stages' read-only state, built once per run and shared by workers.
pub struct Stages {
    pub cleaner: Cleaner,
    pub matcher: Matcher,
    pub tagger: DateTagger,
    /// Name spans: what disambiguation weighs matches against, and what
    /// discovery takes unknown names from.
    pub recognizer: Recognizer,
    /// Whether unknown names are kept (`[actors] discover`).
    pub discover: bool,
    /// Whether the run keeps a cache: without one, no keys or records.
    pub caching: bool,
}

/// The day a sentence says an event happened: of the day-granular dates in
/// the mention's sentence, the one nearest to the mention.
fn sentence_day(
    timexes: &[TimexSpan],
    sentence: u32,
    start: usize,
    end: usize,
) -> Option<NaiveDate> {
    timexes
        .iter()
        .filter(|t| {
            t.sentence == sentence
                && t.timex.kind == TimexType::Date
                && t.timex.granularity == Granularity::Day
                && t.timex.begin.is_some()
        })
        .min_by_key(|t| {
            if t.timex.start >= end {
                t.timex.start - end
            } else {
                start.saturating_sub(t.timex.end)
            }
        })
        .and_then(|t| t.timex.begin)
}
