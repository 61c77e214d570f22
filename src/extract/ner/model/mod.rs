//! The trained name tagger: a greedy averaged perceptron over hashed
//! features ([`features`]), one BILOU tag per token, trained at development
//! time on CoNLL-2003 (`examples/train_ner.rs`) and shipped as
//! `pipelines/ner/names.model`. Only tokens that can be part of a name
//! (capitalized words and the joiners between them) are scored; every other
//! token is outside any name without a look at the weights.

pub(super) mod features;
mod memo;
#[doc(hidden)]
pub mod train;
mod weights;

use super::{Doc, Label};

/// A name found: its first and last token and its label.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub a: usize,
    pub b: usize,
    pub label: Label,
}
use features::{Context, Out};
pub use weights::Weights;

/// Number of tags: outside, then begin/inside/last/unit for each label.
pub const TAGS: usize = 17;

/// A token's place in a name: `O`, or B/I/L/U of one of the four labels,
/// numbered `1 + 4 * label + position`.
pub type Tag = u8;

pub const OUTSIDE: Tag = 0;
const BEGIN: u8 = 0;
const INSIDE: u8 = 1;
const LAST: u8 = 2;
const UNIT: u8 = 3;

pub const LABELS: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

pub fn tag_of(label: usize, position: u8) -> Tag {
    1 + 4 * label as u8 + position
}

fn label_of(t: Tag) -> usize {
    usize::from((t - 1) / 4)
}

fn position_of(t: Tag) -> u8 {
    (t - 1) % 4
}

/// Whether tag `t` may follow `prev`, given whether a name can continue
/// past this token (`more`).
pub fn allowed(prev: Tag, t: Tag, more: bool) -> bool {
    let open = prev != OUTSIDE && matches!(position_of(prev), BEGIN | INSIDE);
    if t == OUTSIDE {
        return !open;
    }
    let (label, pos) = (label_of(t), position_of(t));
    let needs_more = matches!(pos, BEGIN | INSIDE);
    if needs_more && !more {
        return false;
    }
    if open {
        label == label_of(prev) && matches!(pos, INSIDE | LAST)
    } else {
        matches!(pos, BEGIN | UNIT)
    }
}

/// The best allowed tag for the scores.
pub fn best(scores: &[f32; TAGS], prev: Tag, more: bool) -> Tag {
    let mut best = (OUTSIDE, f32::MIN);
    for t in 0..TAGS as u8 {
        if allowed(prev, t, more) && scores[usize::from(t)] > best.1 {
            best = (t, scores[usize::from(t)]);
        }
    }
    best.0
}

/// Per-document memory of the type each word last had, by word hash:
/// a small open-addressing table, so the second `Clinton` knows the first.
pub struct DocTypes {
    slots: Vec<(u64, u8)>,
    used: usize,
}

impl DocTypes {
    pub fn new(tokens: usize) -> Self {
        let size = (tokens / 4 + 16).next_power_of_two();
        DocTypes {
            slots: vec![(0, 0); size],
            used: 0,
        }
    }

    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key >> 40) as usize & mask;
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) & mask;
        }
        i
    }

    pub fn get(&self, key: u64) -> u8 {
        self.slots[self.slot(key | 1)].1
    }

    pub fn set(&mut self, key: u64, label: u8) {
        let key = key | 1;
        let mut i = self.slot(key);
        if self.slots[i].0 == 0 {
            // Kept at most half full: grown and filled again.
            if 2 * (self.used + 1) > self.slots.len() {
                let size = self.slots.len() * 2;
                let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
                for (k, v) in old.into_iter().filter(|s| s.0 != 0) {
                    let j = self.slot(k);
                    self.slots[j] = (k, v);
                }
                i = self.slot(key);
            }
            self.used += 1;
        }
        self.slots[i] = (key, label);
    }
}

/// Tags every token of `doc` with `scorer`, left to right.
pub fn tag_tokens(scorer: &mut impl Scorer, cx: &Context) -> Vec<Tag> {
    let n = cx.info.len();
    let mut tags = vec![OUTSIDE; n];
    let mut seen = DocTypes::new(cx.cands.len());
    let mut out = Out::default();
    let (mut prev, mut prev2) = (OUTSIDE, OUTSIDE);
    let mut last: Option<usize> = None;
    for &i in &cx.cands {
        let i = i as usize;
        // What the tokens since the last scored one leave as history: each
        // unscored token is outside any name, and a name never spans a
        // line break.
        match last {
            Some(l) if l + 1 == i => {}
            Some(l) if l + 2 == i => (prev2, prev) = (prev, OUTSIDE),
            _ => (prev2, prev) = (OUTSIDE, OUTSIDE),
        }
        if i > 0 && !cx.doc.same_line(i - 1, i) {
            (prev2, prev) = (OUTSIDE, OUTSIDE);
        }
        last = Some(i);
        let more = cx.continues(i);
        let doc_type = seen.get(cx.info[i].low);
        out.len = 0;
        let word = match scorer.fixed() {
            Some(model) => memo::word_scores(model, cx.word_key(i), || {
                let mut w = Out::default();
                cx.word_features(i, &mut w);
                scorer.score(w.as_slice())
            }),
            None => {
                cx.word_features(i, &mut out);
                [0.0; TAGS]
            }
        };
        cx.context_features(i, prev, prev2, doc_type, &mut out);
        let mut scores = scorer.score(out.as_slice());
        for (s, w) in scores.iter_mut().zip(word) {
            *s += w;
        }
        let t = scorer.chose(i, out.as_slice(), best(&scores, prev, more));
        if t != OUTSIDE {
            seen.set(cx.info[i].low, 1 + label_of(t) as u8);
        }
        tags[i] = t;
        (prev2, prev) = (prev, t);
    }
    tags
}

/// Scores of the tags for a token's features.
pub trait Scorer {
    fn score(&self, features: &[u64]) -> [f32; TAGS];

    /// An identity for fixed weights, under which word scores may be
    /// remembered; `None` while the weights change (training).
    fn fixed(&self) -> Option<u64> {
        None
    }

    /// Sees the tag chosen for token `i` and returns the one to go on with
    /// (training learns here).
    fn chose(&mut self, _i: usize, _features: &[u64], tag: Tag) -> Tag {
        tag
    }
}

/// Names from a tag sequence: token ranges and labels.
pub fn spans_of(tags: &[Tag], out: &mut Vec<Span>) {
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        if t == OUTSIDE {
            start = None;
            continue;
        }
        match position_of(t) {
            BEGIN => start = Some(i),
            INSIDE => {}
            LAST | UNIT => {
                let a = if position_of(t) == UNIT {
                    i
                } else {
                    start.unwrap_or(i)
                };
                out.push(Span {
                    a,
                    b: i,
                    label: LABELS[label_of(t)],
                });
                start = None;
            }
            _ => {}
        }
    }
}

/// Tags `doc` and returns its names.
pub(super) fn names(weights: &Weights, doc: &Doc) -> Vec<Span> {
    let cx = Context::new(doc);
    let tags = tag_tokens(&mut &*weights, &cx);
    let mut out = Vec::new();
    spans_of(&tags, &mut out);
    out
}
