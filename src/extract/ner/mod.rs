//! Proper-name recognition with types (PER / ORG / LOC / MISC).
//!
//! Rules over capitalization and sentence position, context cues (titles,
//! `Ministry`, `Oblast`, `Inc`, `of` inside names) and gazetteers generated
//! at dev time from registry packages (see `pipelines/ner/README.md`). Names
//! missing from the actor dictionary become candidates through this module.
//! Everything is embedded and built once in [`Recognizer::new`].

mod lexicon;
mod table;
mod tokens;
mod typing;

#[cfg(test)]
mod tests;

use lexicon::{JOIN, LOC_HEAD, NONE, NameLexicon, ORG_HEAD, TITLE, Word};
use std::cell::OnceCell;
use tokens::{Shape, Tok};

/// Maps and sets with a fast hasher for short string keys, for use elsewhere too.
pub(crate) use table::{StrHashMap, StrHashSet};

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
}

impl Default for Recognizer {
    fn default() -> Self {
        Self::new()
    }
}

/// A span under construction: token range (inclusive) and how sure its type is.
#[derive(Debug, Clone, Copy)]
struct Span {
    a: usize,
    b: usize,
    label: Label,
    strong: bool,
    after_title: bool,
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
        }
    }

    /// Proper-name spans in `text`, in order, non-overlapping, byte offsets.
    pub fn entities(&self, text: &str) -> Vec<Entity> {
        self.spans(text, true).0
    }

    /// Whether `word` is mostly written in lower case in English text
    /// ("Foreign", "Affairs"): a name made only of such words is suspect.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.lex.common(word)
    }

    /// Whether `word` is a common given name or surname (census lists):
    /// a place of that name needs evidence that the place is meant.
    pub fn is_person_name(&self, word: &str) -> bool {
        self.lex.word(word).has(lexicon::FIRST | lexicon::LAST)
    }

    /// Dev-time self-training: the words of confidently typed spans, before
    /// the document pass, as (word, label) pairs.
    #[doc(hidden)]
    pub fn silver<'t>(&self, text: &'t str) -> Vec<(&'t str, Label)> {
        let (_, doc, spans) = self.spans(text, false);
        let mut out = Vec::new();
        for s in spans
            .iter()
            .filter(|s| s.strong && (s.a < s.b || s.after_title))
        {
            for i in s.a..=s.b {
                let w = doc.w(i);
                let cue = lexicon::ORG_END | lexicon::LOC_END | lexicon::MISC_END | NONE;
                if doc.toks[i].shape == Shape::Cap && !w.has(cue) && !w.common() {
                    out.push((&text[doc.toks[i].start..doc.toks[i].end], s.label));
                }
            }
        }
        out
    }

    fn spans<'t>(&'t self, text: &'t str, resolve: bool) -> (Vec<Entity>, Doc<'t>, Vec<Span>) {
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
        let mut name: Vec<bool> = (0..doc.toks.len()).map(|i| self.is_name(&doc, i)).collect();
        self.rescue_phrases(&doc, &mut name);
        let mut spans = Vec::new();
        let mut i = 0;
        while i < doc.toks.len() {
            if !name[i] {
                i += 1;
                continue;
            }
            let mut j = i;
            while let Some(k) = self.extend(&doc, &name, j) {
                j = k;
            }
            self.split_run(&doc, i, j, &mut spans);
            i = j + 1;
        }
        if resolve {
            typing::resolve(&self.lex, &doc, &mut spans);
        }
        let ents = spans
            .iter()
            .map(|s| Entity {
                start: doc.toks[s.a].start,
                end: doc.toks[s.b].end,
                label: s.label,
            })
            .collect();
        (ents, doc, spans)
    }

    /// Could token `i` be part of a name, from its case and position?
    fn is_name(&self, doc: &Doc, i: usize) -> bool {
        let t = doc.toks[i];
        if doc.hy[i] {
            return true;
        }
        if !matches!(t.shape, Shape::Cap | Shape::Upper) {
            return false;
        }
        let w = doc.w(i);
        if w.has(NONE) {
            return false;
        }
        if w.has(TITLE) {
            return true;
        }
        let s = doc.s(i);
        if s.len() == 1 {
            return false;
        }
        // Where everything is capitalized, only the case statistics tell;
        // a first name (`Mark`, `Rose`) before another name is a name.
        if t.sent_start || doc.caps_line(i) {
            let next_cap = doc.same_line(i, i + 1) && doc.toks[i + 1].shape == t.shape;
            let first = next_cap
                && w.has(lexicon::FIRST)
                && !self.lex.common_of(doc.w(i + 1), doc.s(i + 1));
            return first || !self.lex.common_of(w, s);
        }
        true
    }

    /// Common words that open a gazetteer phrase (`NEW YORK`, `WORLD CUP`).
    fn rescue_phrases(&self, doc: &Doc, name: &mut [bool]) {
        for i in 0..doc.toks.len() {
            if name[i] || !matches!(doc.toks[i].shape, Shape::Cap | Shape::Upper) {
                continue;
            }
            for j in [i + 1, i + 2] {
                if !doc.same_line(i, j) || !matches!(doc.toks[j].shape, Shape::Cap | Shape::Upper) {
                    break;
                }
                let cue = j == i + 1 && doc.caps_line(i) && name[j] && {
                    doc.w(j).has(lexicon::MISC_END)
                };
                // `HONG KONG OPEN`: an event word after a name in a headline.
                if j == i + 1 && i > 0 && doc.caps_line(i) && name[i - 1] && doc.same_line(i - 1, i)
                {
                    name[i] = doc.w(i).has(lexicon::MISC_END);
                }
                if cue || typing::phrase_flags(&self.lex, doc, i, j) != 0 {
                    name[i..=j].iter_mut().for_each(|n| *n = true);
                    break;
                }
            }
        }
    }

    /// The last token of the name continuing after token `j`, if any.
    fn extend(&self, doc: &Doc, name: &[bool], j: usize) -> Option<usize> {
        let n = j + 1;
        if !doc.same_line(j, n) {
            return None;
        }
        if name[n] {
            return Some(n);
        }
        // `Ludwig van Beethoven`, `Bank of England`, `Marks & Spencer`.
        if doc.same_line(j, n + 1) && name[n + 1] {
            let w = doc.s(n);
            let joins = match doc.toks[n].shape {
                Shape::Lower if w == "of" => {
                    let head = doc.w(j);
                    head.has(ORG_HEAD | LOC_HEAD) && !head.has(TITLE)
                }
                Shape::Lower => doc.w(n).has(JOIN),
                Shape::Punct => w == "&",
                _ => false,
            };
            if joins {
                return Some(n + 1);
            }
        }
        None
    }

    /// Splits a run of name tokens at role titles and leading nationalities.
    fn split_run(&self, doc: &Doc, a: usize, b: usize, out: &mut Vec<Span>) {
        let last = doc.w(b);
        let typed_end = last.has(lexicon::ORG_END | lexicon::LOC_END | lexicon::MISC_END);
        if !typed_end && let Some(t) = (a..=b).rev().find(|&t| doc.w(t).has(TITLE)) {
            // `Swedish Defense Minister Pal Jonson`: drop the role words.
            let mut p = t;
            while p > a && self.lex.common_of(doc.w(p - 1), doc.s(p - 1)) {
                p -= 1;
            }
            if p > a {
                self.split_run(doc, a, p - 1, out);
            }
            if t < b {
                out.push(typing::classify(&self.lex, doc, t + 1, b, true));
            }
            return;
        }
        // `Bergamo-based Atalanta`: the hyphenated word is a name of its own.
        if a < b && doc.hy[a] {
            out.push(typing::classify(&self.lex, doc, a, a, false));
            return self.split_run(doc, a + 1, b, out);
        }
        let first = doc.w(a);
        let phrase = typing::phrase_flags(&self.lex, doc, a, b) != 0;
        if a < b && first.has(lexicon::DEMONYM) && !typed_end && !phrase {
            // `Iraqi Kurds`, `Latin American`: nationality words stay together.
            let mut e = a;
            while e < b && doc.w(e + 1).has(lexicon::DEMONYM) {
                e += 1;
            }
            out.push(Span {
                a,
                b: e,
                label: Label::Misc,
                strong: true,
                after_title: false,
            });
            // `European Summit`: a lone common word left over is no name.
            if e + 1 == b && self.lex.common_of(doc.w(b), doc.s(b)) {
                return;
            }
            if e < b {
                self.split_run(doc, e + 1, b, out);
            }
            return;
        }
        // A lone initial (`X.`) is no name.
        if a < b || !typing::is_initial(doc.s(a)) {
            out.push(typing::classify(&self.lex, doc, a, b, false));
        }
    }
}
