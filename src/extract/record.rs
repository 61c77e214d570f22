//! The per-document record: a document after cleaning and extraction, with
//! every offset in code points. Aggregates, tables and the run cache read
//! it; it imports only the types of the stages before it.

use chrono::NaiveDate;

use crate::clean::Cleaned;
use crate::extract::actors::Method;
use crate::extract::dates::Timex;
use crate::extract::ner::Label;
use crate::ingest::RawDocument;

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
