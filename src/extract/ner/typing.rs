//! Type guessing for name spans: cues and gazetteers per span, then a
//! document pass that lets confident mentions type the weak ones
//! (`Phil Simmons` ... `Simmons`) and turns place names into teams in sports
//! reports (CoNLL tags `Leicestershire beat Somerset` as ORG).

use super::lexicon::{self as lx, NameLexicon, Word};
use super::table::StrHashMap;
use super::tokens::Shape;
use super::{Doc, Label, Span};

/// Gazetteer flags of the whole span as a phrase (0 for one word).
pub(super) fn phrase_flags(lex: &NameLexicon, doc: &Doc, a: usize, b: usize) -> u16 {
    if a == b || !lex.may_start_phrase(doc.w(a)) {
        return 0;
    }
    // No allocation: the key is built on the stack, and only when it is no
    // longer than the longest phrase.
    let mut len = b - a;
    for t in &doc.toks[a..=b] {
        len += t.end - t.start;
        if len > lex.phrase_max_len() {
            return 0;
        }
    }
    let (mut buf, mut heap) = ([0u8; 256], Vec::new());
    let key = if len <= buf.len() {
        &mut buf[..len]
    } else {
        heap.resize(len, 0);
        &mut heap[..]
    };
    let mut k = 0;
    for i in a..=b {
        if i > a {
            key[k] = b' ';
            k += 1;
        }
        let s = doc.s(i).as_bytes();
        key[k..k + s.len()].copy_from_slice(s);
        k += s.len();
    }
    key.make_ascii_lowercase();
    lex.phrase(key)
}

pub(super) fn is_initial(s: &str) -> bool {
    s.len() == 2 && s.ends_with('.') && s.as_bytes()[0].is_ascii_uppercase()
}

/// Type of the span `a..=b`; `after_title` when a role title precedes it.
pub(super) fn classify(
    lex: &NameLexicon,
    doc: &Doc,
    a: usize,
    b: usize,
    after_title: bool,
) -> Span {
    let span = |label, strong| Span {
        a,
        b,
        label,
        strong,
        after_title,
    };
    if doc.hy[b] {
        return span(Label::Misc, true);
    }
    let first = doc.w(a);
    let last = doc.w(b);
    let p = phrase_flags(lex, doc, a, b);
    if p & lx::LOC != 0 {
        return span(Label::Loc, true);
    }
    if p & lx::DEMONYM != 0 {
        return span(Label::Misc, true);
    }
    if last.has(lx::ORG_END) && (a < b || doc.toks[a].shape == Shape::Upper) {
        return span(Label::Org, true);
    }
    if a < b && last.has(lx::LOC_END) {
        return span(Label::Loc, true);
    }
    if a < b && last.has(lx::MISC_END) {
        return span(Label::Misc, true);
    }
    if (a + 1..b).any(|i| doc.s(i) == "of") {
        if first.has(lx::LOC_HEAD) {
            return span(Label::Loc, true);
        }
        return span(Label::Org, true);
    }
    if after_title {
        return span(Label::Per, true);
    }
    if a < b {
        let initial = is_initial(doc.s(a));
        if initial || (first.has(lx::FIRST) && !first.has(lx::LOC)) {
            return span(Label::Per, true);
        }
        let personal = (a..=b).all(|i| doc.w(i).has(lx::FIRST | lx::LAST));
        if personal {
            return span(Label::Per, false);
        }
        if let Some((label, _)) = voted(lex, doc, a, b) {
            return span(label, false);
        }
        if (a..=b).any(|i| doc.w(i).has(lx::LOC)) {
            return span(Label::Org, false);
        }
        return span(if b - a == 1 { Label::Per } else { Label::Org }, false);
    }
    single(lex, doc, a, first)
}

/// The silver-vote label of tokens `a..=b` and its share, if votes agree.
fn voted(lex: &NameLexicon, doc: &Doc, a: usize, b: usize) -> Option<(Label, f32)> {
    let mut v = [0u32; 4];
    for i in a..=b {
        let s = doc.s(i);
        let x = if doc.toks[i].shape == Shape::Upper {
            // Headline capitals: look the word up in title case.
            lex.votes_title(s)
        } else {
            lex.votes(s)
        };
        v.iter_mut().zip(x).for_each(|(a, b)| *a += b);
    }
    let total: u32 = v.iter().sum();
    let (k, &max) = v.iter().enumerate().max_by_key(|x| x.1)?;
    let share = max as f32 / total.max(1) as f32;
    let labels = [Label::Per, Label::Org, Label::Loc, Label::Misc];
    (total >= 2 && share >= 0.6).then_some((labels[k], share))
}

/// Share of one class an ending needs before it overrides the ORG default.
const ENDING_MIN: f32 = 0.9;

/// Type of a one-token name.
fn single(lex: &NameLexicon, doc: &Doc, a: usize, w: Word) -> Span {
    let span = |label, strong| Span {
        a,
        b: a,
        label,
        strong,
        after_title: false,
    };
    let s = doc.s(a);
    if w.has(lx::COUNTRY) {
        return span(Label::Loc, true);
    }
    if w.has(lx::DEMONYM) {
        return span(Label::Misc, true);
    }
    if let Some((label, share)) = voted(lex, doc, a, a)
        && (!w.has(lx::LOC) || (label == Label::Per && share >= 0.8))
    {
        return span(label, false);
    }
    let acronym = doc.toks[a].shape == Shape::Upper && !doc.caps_line(a) && s.len() <= 6;
    if acronym && !s.contains('.') {
        return span(Label::Org, false);
    }
    if w.has(lx::LOC) {
        return span(Label::Loc, false);
    }
    let next = if doc.same_line(a, a + 1) {
        doc.s(a + 1)
    } else {
        ""
    };
    if matches!(next, "said" | "says" | "told" | "added") {
        return span(Label::Per, false);
    }
    if acronym {
        return span(Label::Org, false);
    }
    let prev = if a > 0 && doc.same_line(a - 1, a) {
        doc.s(a - 1)
    } else {
        ""
    };
    if matches!(prev, "in" | "near" | "at" | "from") {
        return span(Label::Loc, false);
    }
    if w.has(lx::FIRST | lx::LAST) {
        return span(Label::Per, false);
    }
    let demonym = ["ian", "ese", "ish", "ean", "can"]
        .iter()
        .any(|e| s.ends_with(e));
    if demonym && !s.contains('-') {
        return span(Label::Misc, false);
    }
    // An unknown name: its ending may still tell a person or a place.
    if let Some(p) = lex.ending(s) {
        let labels = [Label::Per, Label::Org, Label::Loc, Label::Misc];
        let k = (0..4).max_by(|&x, &y| p[x].total_cmp(&p[y])).unwrap_or(1);
        if p[k] >= ENDING_MIN && k != 1 {
            return span(labels[k], false);
        }
    }
    span(Label::Org, false)
}

/// Document pass: confident spans type the weak ones; sports teams.
pub(super) fn resolve(lex: &NameLexicon, doc: &Doc, spans: &mut [Span]) {
    let mut known: StrHashMap<&str, Label> = StrHashMap::default();
    let mut parts: StrHashMap<&str, Label> = StrHashMap::default();
    for s in spans.iter().filter(|s| s.strong) {
        let surface = &doc.text[doc.toks[s.a].start..doc.toks[s.b].end];
        known.entry(surface).or_insert(s.label);
        // `Phil Simmons` ... `Simmons`; `Boatmen 's Bancshares` ... `Boatmen`.
        if s.a < s.b {
            for w in [doc.s(s.a), doc.s(s.b)] {
                if s.label == Label::Per {
                    parts.insert(w, Label::Per);
                } else {
                    parts.entry(w).or_insert(s.label);
                }
            }
        }
    }
    // Three sport words make a sports report. Lowercase words are looked
    // up only if they may be sport words.
    let text = doc.text.as_bytes();
    let sport = (doc.toks.iter().enumerate())
        .filter(|&(i, t)| match t.shape {
            Shape::Punct | Shape::Num => false,
            Shape::Lower => {
                lex.maybe_sport(&text[t.start..t.end], t.ascii) && doc.w(i).has(lx::SPORT)
            }
            Shape::Cap | Shape::Upper => doc.w(i).has(lx::SPORT),
        })
        .nth(2)
        .is_some();
    let surface = |s: &Span| &doc.text[doc.toks[s.a].start..doc.toks[s.b].end];
    let mut teams: Vec<&str> = Vec::new();
    if sport {
        teams.extend(
            spans
                .iter()
                .filter(|s| s.label == Label::Loc && is_team(lex, doc, s))
                .map(surface),
        );
    }
    for s in spans.iter_mut() {
        if sport && s.label == Label::Loc && teams.contains(&surface(s)) {
            let prev = if s.a > 0 { doc.s(s.a - 1) } else { "" };
            if !matches!(prev, "in" | "at" | "near" | "from") && !dateline(doc, s) {
                s.label = Label::Org;
            }
        }
        let surface = &doc.text[doc.toks[s.a].start..doc.toks[s.b].end];
        let part = if s.a == s.b {
            parts.get(surface).copied()
        } else {
            None
        };
        if !s.strong {
            if let Some(&l) = known.get(surface) {
                s.label = l;
            } else if let Some(l) = part.filter(|&l| l == Label::Per || s.label != Label::Loc) {
                // `Kyiv Independent` does not make `Kyiv` an organization.
                s.label = l;
            }
        } else if part == Some(Label::Per) && s.label == Label::Loc {
            // `Michael Jordan` ... `Jordan` is the player, not the country.
            s.label = Label::Per;
        }
    }
}

/// A dateline (`LONDON 1996-08-30`) names the place of the report.
fn dateline(doc: &Doc, s: &Span) -> bool {
    // The line is a few place tokens and a date: `ARLINGTON , Texas 1996-08-31`.
    let line = doc.toks[s.a].line;
    let mut end = s.b;
    while end + 1 < doc.toks.len() && doc.toks[end + 1].line == line {
        end += 1;
    }
    let mut start = s.a;
    while start > 0 && doc.toks[start - 1].line == line {
        start -= 1;
    }
    let last = doc.toks[end];
    end - start <= 6 && last.shape == Shape::Num && doc.s(end).contains('-')
}

/// A place name used as a club name in a sports report.
fn is_team(lex: &NameLexicon, doc: &Doc, s: &Span) -> bool {
    let country = |i: usize| doc.w(i).has(lx::COUNTRY);
    if (s.a..=s.b).any(country) || phrase_flags(lex, doc, s.a, s.b) & lx::COUNTRY != 0 {
        return false;
    }
    let prev = if s.a > 0 && doc.same_line(s.a - 1, s.a) {
        doc.s(s.a - 1)
    } else {
        ""
    };
    let n = s.b + 1;
    if !doc.same_line(s.b, n) {
        return false;
    }
    let next = doc.toks[n];
    if dateline(doc, s) {
        return false;
    }
    let versus = |w: &str| {
        matches!(
            w,
            "beat" | "beats" | "v" | "vs" | "vs." | "drew" | "against"
        )
    };
    // `Surrey captain Chris Lewis`, `homered for Cleveland`.
    let next_s = doc.s(n);
    let role = next.shape == Shape::Lower && doc.w(n).has(lx::TITLE);
    next.shape == Shape::Num || versus(prev) || versus(next_s) || role || prev == "for"
}
