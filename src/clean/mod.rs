//! Clean stage: raw article text to clean text, headline, author and sentences.
//!
//! Pure and per document: [`Cleaner::new`] builds the word sets and automata
//! once per run, [`Cleaner::clean`] normalizes ([`normalize`]), selects the
//! main content (`main_content`) and segments sentences (`sentences`).
//!
//! Offsets: [`Sentence`] holds **byte** offsets into [`Cleaned::text`] (cheap
//! to slice in Rust); tables convert them to Unicode code-point offsets, the
//! unit Python users index strings in.

pub(crate) mod block;
mod context;
pub mod dedup;
mod detect;
pub mod language;
mod lines;
mod main_content;
mod normalize;
mod sentences;
mod swar;
#[cfg(test)]
mod tests;
mod wordmap;
mod words;

pub use sentences::sentence_key;

use words::CleanWords;

/// Settings a pipeline file may give the clean stage.
#[derive(Debug, Clone, Default)]
pub struct CleanConfig {
    /// Extra marker phrases. A line that is exactly one (ignoring case and
    /// trailing ':' '.') ends the article once the body has started, and is
    /// dropped before it; a line starting with one and a ':' ("Read also: ...")
    /// is dropped as chrome.
    pub extra_markers: Vec<String>,
}

/// The clean form of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    /// Normalized main content, one paragraph per line, joined with "\n";
    /// the headline, when detected, is its first paragraph.
    pub text: String,
    /// The headline when one is detected (kept once, also first in `text`).
    pub title: Option<String>,
    /// From a byline or author bio; not left in `text`.
    pub author: Option<String>,
    /// Code points of the normalized input dropped as boilerplate.
    pub boilerplate_chars: u32,
    /// Every sentence of `text`, in order.
    pub sentences: Vec<Sentence>,
    /// ISO 639-1 code of the language `text` is written in, when sure.
    pub language: Option<&'static str>,
}

/// A sentence as byte offsets into [`Cleaned::text`]; `end` is exclusive and
/// the span is trimmed of surrounding spaces (and of a list item's "- ").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Precompiled cleaning state; build once per run and share across threads.
pub struct Cleaner {
    lex: CleanWords,
}

impl Cleaner {
    pub fn new(cfg: &CleanConfig) -> Cleaner {
        Cleaner {
            lex: CleanWords::new(&cfg.extra_markers),
        }
    }

    pub fn clean(&self, raw: &str) -> Cleaned {
        let norm = normalize::normalize(raw);
        let content = main_content::main_content(&self.lex, &norm);
        let parts = content.title.iter().count() + content.body.len();
        let mut text =
            String::with_capacity(content.body.iter().map(|b| b.len() + 1).sum::<usize>() + 128);
        for (i, p) in content.title.iter().chain(content.body.iter()).enumerate() {
            text.push_str(p);
            if i + 1 < parts {
                text.push('\n');
            }
        }
        let mut sents = Vec::with_capacity(text.len() / 120 + 1);
        sentences::split(&self.lex, &text, &mut sents);
        Cleaned {
            boilerplate_chars: content
                .total_chars
                .saturating_sub(content.kept_chars)
                .min(u32::MAX as u64) as u32,
            title: content.title.map(str::to_owned),
            author: content.author.map(str::to_owned),
            language: language::detect(&text),
            text,
            sentences: sents,
        }
    }
}

impl Cleaner {
    /// Cleans text whose main content was chosen already (from a page's
    /// DOM): normalized and split into sentences, every non-blank line
    /// kept, so that no line-based guess undoes the reader's decision.
    pub fn clean_extracted(&self, raw: &str) -> Cleaned {
        let norm = normalize::normalize(raw);
        let mut text = String::with_capacity(norm.len());
        for line in norm.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line);
        }
        let mut sents = Vec::with_capacity(text.len() / 120 + 1);
        sentences::split(&self.lex, &text, &mut sents);
        Cleaned {
            boilerplate_chars: 0,
            title: None,
            author: None,
            language: language::detect(&text),
            text,
            sentences: sents,
        }
    }
}

/// Normalization alone (NFC, one apostrophe/quote/dash/space form, collapsed
/// whitespace), for callers that want comparable text without main-content
/// selection.
pub fn normalize(raw: &str) -> String {
    normalize::normalize(raw)
}
