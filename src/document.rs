//! The per-document path: a raw document cleaned ([`prepare`]), then its
//! actors, unknown names and dates extracted or taken from the run cache
//! ([`extract`]), with offsets turned into code points. It runs once per
//! document on a worker thread and shares nothing mutable.

use chrono::NaiveDate;

use crate::actors::{Matcher, Method};
use crate::cache::{self, Extraction};
use crate::clean::{Cleaned, Cleaner, sentence_key};
use crate::dates::{DateTagger, Granularity, Timex, TimexType, infer_published};
use crate::discover::unknown_names;
use crate::ingest::{PublishedSource, RawDocument};
use crate::ner::{Label, Recognizer};
use crate::offsets::CodePoints;

/// A document after the per-document stages.
pub struct Processed {
    pub doc: RawDocument,
    /// xxh3-64 of the input text: the basis of `doc_id`.
    pub content_hash: u64,
    /// Code points of the input text.
    pub chars: u32,
    pub clean: Cleaned,
    /// Code points of the clean text.
    pub chars_clean: u32,
    /// Per sentence: code-point start and end in the clean text.
    pub sentence_spans: Vec<(u32, u32)>,
    /// Per sentence: normalized key, for repeats across documents.
    pub sentence_keys: Vec<u64>,
    pub mentions: Vec<MentionSpan>,
    pub timexes: Vec<TimexSpan>,
    /// The run cache's key and record for this document.
    pub cache_key: u128,
    pub cache_record: Vec<u8>,
    /// Whether extraction came from the cache.
    pub reused: bool,
}

/// A temporal expression located in the clean text.
pub struct TimexSpan {
    pub timex: Timex,
    /// Code points.
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
}

/// Whom a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A dictionary actor (index into the matcher), and how it matched.
    Actor(u32, Method),
    /// A name the dictionary does not know, with the recognizer's type.
    Unknown(Label),
}

/// An actor mention located in the clean text.
pub struct MentionSpan {
    pub bytes: std::ops::Range<usize>,
    /// Code points.
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    pub who: Who,
    /// The day the mention is about, and whether its sentence said so.
    pub day: Option<NaiveDate>,
    pub day_from_sentence: bool,
}

/// A document cleaned, waiting for extraction.
pub struct Prepared {
    doc: RawDocument,
    content_hash: u64,
    chars: u32,
    clean: Cleaned,
    /// The run cache's key: clean text and given publication day.
    pub key: u128,
}

/// Cleans a document and computes its cache key.
pub fn prepare(doc: RawDocument, stages: &Stages) -> Prepared {
    let content_hash = xxhash_rust::xxh3::xxh3_64(doc.text.as_bytes());
    let chars = doc.text.chars().count() as u32;
    let clean = stages.cleaner.clean(&doc.text);
    let key = if stages.caching {
        cache::key(&clean.text, doc.published)
    } else {
        0
    };
    Prepared {
        doc,
        content_hash,
        chars,
        clean,
        key,
    }
}

/// Runs the extractors on a clean text.
fn extraction(stages: &Stages, text: &str, published: Option<NaiveDate>) -> Extraction {
    let inferred = published
        .is_none()
        .then(|| infer_published(&stages.tagger, text))
        .flatten();
    let day = published.or(inferred);
    let timexes = stages.tagger.tag(text, day);
    let known = stages.matcher.find(text, day);
    let unknown = match &stages.recognizer {
        Some(r) => unknown_names(r, &stages.matcher, text, &known),
        None => Vec::new(),
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
    Extraction {
        inferred,
        mentions,
        timexes,
    }
}

/// Extracts from a prepared document, or decodes `cached` (the record the
/// run cache holds for its key) when there is one.
pub fn extract(p: Prepared, cached: Option<Vec<u8>>, stages: &Stages) -> Processed {
    let Prepared {
        mut doc,
        content_hash,
        chars,
        clean,
        key,
    } = p;
    let decoded = cached.and_then(|bytes| Some((cache::decode(&bytes)?, bytes)));
    let reused = decoded.is_some();
    let (found, cache_record) = decoded.unwrap_or_else(|| {
        let found = extraction(stages, &clean.text, doc.published);
        let mut bytes = Vec::new();
        if stages.caching {
            bytes.reserve(64 + 16 * found.mentions.len());
            cache::encode(&found, &mut bytes);
        }
        (found, bytes)
    });
    if let Some(day) = found.inferred {
        doc.published = Some(day);
        doc.published_source = Some(PublishedSource::Inferred);
    }
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
    let sentence_of = |byte: usize| clean.sentences.partition_point(|s| s.end <= byte) as u32;
    let mut code_points = CodePoints::new(&clean.text);
    let timexes: Vec<TimexSpan> = found
        .timexes
        .into_iter()
        .map(|t| TimexSpan {
            start: code_points.at(t.start),
            end: code_points.at(t.end),
            sentence: sentence_of(t.start),
            timex: t,
        })
        .collect();
    let mut code_points = CodePoints::new(&clean.text);
    let mentions = found
        .mentions
        .into_iter()
        .map(|(start, end, who)| {
            let sentence = sentence_of(start);
            let said = sentence_day(&timexes, sentence, start, end);
            MentionSpan {
                bytes: start..end,
                start: code_points.at(start),
                end: code_points.at(end),
                sentence,
                who,
                day: said.or(doc.published),
                day_from_sentence: said.is_some(),
            }
        })
        .collect();
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

/// The stages' read-only state, built once per run and shared by workers.
pub struct Stages {
    pub cleaner: Cleaner,
    pub matcher: Matcher,
    pub tagger: DateTagger,
    /// Off when the pipeline turns discovery off.
    pub recognizer: Option<Recognizer>,
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
