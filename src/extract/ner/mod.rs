//! Proper-name recognition with types (PER / ORG / LOC / MISC).
//!
//! A tagger trained at development time on CoNLL-2003 ([`model`]) reads
//! the capitalized words with their context, gazetteer phrases and the
//! lexicon's word statistics and cues (`Ministry`, `Oblast`, `Inc`, titles),
//! all generated at dev time from registry packages and corpora (see
//! `pipelines/ner/README.md`). Names missing from the actor dictionary
//! become candidates through this module. Everything is embedded and built
//! once in [`Recognizer::new`].

mod company;

pub use company::is_company_name;
mod lexicon;
#[doc(hidden)]
pub mod model;
mod table;
mod tokens;

#[cfg(test)]
mod tests;

use lexicon::{NameLexicon, Word};
use std::cell::OnceCell;
use tokens::{Shape, Tok};

/// Maps and sets with a fast hasher for short string keys, for use elsewhere too.
pub(crate) use table::{StrHashMap, StrHashSet};

/// The tagger's weights (`examples/train_ner.rs` writes them).
pub(crate) const MODEL: &[u8] = include_bytes!("../../../pipelines/ner/names.model");

/// Entity type, CoNLL-2003 style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    Per,
    Org,
    Loc,
    Misc,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }
}

/// A proper-name span: byte offsets into the text, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// The recognizer: tables loaded once per run, then shared read-only.
pub struct Recognizer {
    lex: NameLexicon,
    weights: model::Weights,
}

impl Default for Recognizer {
    fn default() -> Self {
        Self::new()
    }
}

/// Per-document state shared by the passes.
struct Doc<'t> {
    lex: &'t NameLexicon,
    text: &'t str,
    toks: Vec<Tok>,
    caps: Vec<bool>,
    /// Per token: its lexicon entry, looked up once, when first needed.
    words: Vec<OnceCell<Word>>,
    /// Per token: a hyphenated MISC word ([`NameLexicon::hyphen_misc`]).
    hy: Vec<bool>,
}

impl Doc<'_> {
    fn s(&self, i: usize) -> &str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }
    /// The lexicon entry of token `i` ([`NameLexicon::word`]).
    fn w(&self, i: usize) -> Word {
        *self.words[i].get_or_init(|| self.lex.word(self.s(i)))
    }
    fn caps_line(&self, i: usize) -> bool {
        self.caps[self.toks[i].line as usize]
    }
    fn same_line(&self, i: usize, j: usize) -> bool {
        j < self.toks.len() && self.toks[i].line == self.toks[j].line
    }
}

impl Recognizer {
    pub fn new() -> Recognizer {
        Recognizer {
            lex: NameLexicon::load(),
            weights: model::Weights::from_bytes(MODEL).unwrap_or_else(model::Weights::empty),
        }
    }

    /// Proper-name spans in `text`, in order, non-overlapping, byte offsets.
    pub fn entities(&self, text: &str) -> Vec<Entity> {
        self.entities_with(&self.weights, text)
    }

    /// [`Recognizer::entities`] with other weights (training scores each pass).
    fn entities_with(&self, weights: &model::Weights, text: &str) -> Vec<Entity> {
        let doc = self.doc(text);
        let spans = model::names(weights, &doc).into_iter().map(|s| {
            // "The SEC", "The U.S. Agriculture Department" at a sentence's
            // start: the article is no part of an organization's name (it
            // is of a few places': "The Hague").
            let article = s.b > s.a && &text[doc.toks[s.a].start..doc.toks[s.a].end] == "The";
            let a = if article && s.label != Label::Loc {
                s.a + 1
            } else {
                s.a
            };
            match person_after_a_title(&doc, a, s.b) {
                Some(k) => (k, s.b, Label::Per),
                None => (a, s.b, s.label),
            }
        });
        company::whole_company_names(text, &doc.toks, spans)
            .into_iter()
            .map(|(a, b, label)| Entity {
                start: doc.toks[a].start,
                end: doc.toks[b].end,
                label,
            })
            .collect()
    }

    /// Whether `word` is mostly written in lower case in English text
    /// ("Foreign", "Affairs"): a name made only of such words is suspect.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.lex.common(word)
    }

    /// Whether `word` is written in lower case at least two times in five
    /// that it is capitalized ("Bank", "Federal", "Community"): a generic
    /// noun, which alone names no one in particular.
    pub fn is_often_lowercase(&self, word: &str) -> bool {
        let x = self.lex.word(word);
        x.low >= 20 && u64::from(x.low) * 5 >= u64::from(x.cap) * 2
    }

    /// Whether `word` is a common given name or surname (census lists):
    /// a place of that name needs evidence that the place is meant.
    pub fn is_person_name(&self, word: &str) -> bool {
        self.lex.word(word).has(lexicon::FIRST | lexicon::LAST)
    }

    /// Whether `word` names a people or region as an adjective or noun
    /// ("Iraqi", "European", "Kurds"): the gazetteer's nationalities, and
    /// words with their endings.
    pub fn is_demonym(&self, word: &str) -> bool {
        let adjective = ["an", "ish", "ese", "i", "ic"].iter().any(|e| {
            word.len() > e.len() + 2
                && word.is_char_boundary(word.len() - e.len())
                && word[word.len() - e.len()..].eq_ignore_ascii_case(e)
        });
        adjective || self.lex.word(word).has(lexicon::DEMONYM)
    }

    /// Dev-time self-training: the capitalized words of names of two or
    /// more words, as (word, label) pairs, for `pipelines/ner/types.tsv`.
    #[doc(hidden)]
    pub fn silver<'t>(&self, text: &'t str) -> Vec<(&'t str, Label)> {
        let doc = self.doc(text);
        let mut out = Vec::new();
        for s in model::names(&self.weights, &doc)
            .iter()
            .filter(|s| s.a < s.b)
        {
            for i in s.a..=s.b {
                let w = doc.w(i);
                let cue = lexicon::ORG_END | lexicon::LOC_END | lexicon::MISC_END | lexicon::NONE;
                if doc.toks[i].shape == Shape::Cap && !w.has(cue) && !w.common() {
                    out.push((&text[doc.toks[i].start..doc.toks[i].end], s.label));
                }
            }
        }
        out
    }

    /// Tokens of `text` with their per-token tables, for the passes.
    fn doc<'t>(&'t self, text: &'t str) -> Doc<'t> {
        let mut doc = Doc {
            lex: &self.lex,
            text,
            toks: Vec::with_capacity(text.len() / 5 + 1),
            caps: Vec::new(),
            words: Vec::new(),
            hy: Vec::new(),
        };
        tokens::tokenize(text, &mut doc.toks, &mut doc.caps);
        // Capitalized words are looked up next: their lexicon entries are
        // fetched from memory all at once rather than one miss at a time.
        for t in doc
            .toks
            .iter()
            .filter(|t| matches!(t.shape, Shape::Cap | Shape::Upper))
        {
            self.lex.prefetch(&text[t.start..t.end]);
        }
        doc.words = vec![OnceCell::new(); doc.toks.len()];
        doc.hy = doc
            .toks
            .iter()
            .map(|t| t.hyphen && self.lex.hyphen_misc(&text[t.start..t.end]))
            .collect();
        doc
    }
}

/// "Exchequer Nigel Lawson", "House Speaker Jim Wright", "Trade
/// Representative Clayton Yeutter": a name of three or more tokens whose
/// last two or three are a person's (a given name first) after the end of
/// a role ("Speaker", "Representative": a word also written in lower case,
/// or a title). Returns where the person's name starts. Given names before
/// it ("Hanns Christian Schroeder") or a name-like word before it ("Smith
/// Barney Harris Upham") keep the span whole.
fn person_after_a_title(doc: &Doc, a: usize, b: usize) -> Option<usize> {
    if b < a + 2 {
        return None;
    }
    let first_name = |i: usize| doc.toks[i].shape == Shape::Cap && doc.w(i).has(lexicon::FIRST);
    let k = (a + 1..b).find(|&k| first_name(k))?;
    let role_end = doc.w(k - 1);
    let lowercase_too =
        role_end.low >= 5 && u64::from(role_end.low) * 10 >= u64::from(role_end.low + role_end.cap);
    let ends_a_role = matches!(doc.toks[k - 1].shape, Shape::Cap | Shape::Upper)
        && (role_end.has(lexicon::TITLE) || lowercase_too);
    (ends_a_role && b - k <= 2 && !(a..k).any(first_name)).then_some(k)
}
