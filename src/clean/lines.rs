//! Lines of normalized text (each a block: a paragraph, heading or chrome) with
//! the shape features that classification scores.

use super::lexicon::{Lexicon, pack_lower_at};
use super::swar::{self, HI};

/// What a detector decided a line is, independent of its prose score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    None,
    /// Page chrome (labels, dates, notices): dropped, ignored as context.
    Chrome,
    /// End-of-article marker ("Read more", "Related", ...).
    End,
    Caption,
    Byline,
    Bio,
    Teaser,
}

/// jusText-style block class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

#[derive(Clone, Debug)]
pub(crate) struct Line<'a> {
    pub text: &'a str,
    /// Code points.
    pub chars: u32,
    pub words: u16,
    pub stops: u16,
    /// A blank line precedes this one.
    pub gap: bool,
    /// Ends with . ! ? (closing quotes/brackets aside).
    pub terminal: bool,
    /// First letter (after a bullet or opening quote/bracket) is uppercase or a digit.
    pub upper: bool,
    pub ellipsis_end: bool,
    /// Holds a word that chrome phrases are made of ("newsletter", "cookies").
    pub cue: bool,
    pub bullet: bool,
    pub tag: Tag,
    /// Class from the line alone.
    pub class: Class,
    /// Class after context resolution.
    pub fin: Class,
    pub keep: bool,
}

impl Line<'_> {
    pub(crate) fn stop_density(&self) -> f32 {
        if self.words == 0 {
            0.0
        } else {
            self.stops as f32 / self.words as f32
        }
    }

    /// Shaped like a sentence: capitalized start, terminal end, a few words.
    pub(crate) fn prose(&self) -> bool {
        self.upper && self.terminal && self.words >= 3 && !self.ellipsis_end
    }

    /// Shaped like a headline: capitalized, several words, no sentence end.
    pub(crate) fn heading(&self) -> bool {
        self.upper
            && !self.terminal
            && !self.bullet
            && (3..=30).contains(&self.words)
            && self.chars <= 250
            && !self.text.ends_with([':', ',', ';'])
    }
}

/// Splits normalized text into lines (blank lines become the `gap` flag).
pub(crate) fn split<'a>(lex: &Lexicon, norm: &'a str) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(norm.len() / 100 + 4);
    let mut gap = false;
    for text in norm.split('\n') {
        if text.is_empty() {
            gap = true;
            continue;
        }
        out.push(features(lex, text, gap));
        gap = false;
    }
    out
}

fn features<'a>(lex: &Lexicon, text: &'a str, gap: bool) -> Line<'a> {
    let b = text.as_bytes();
    let chars = if text.is_ascii() {
        b.len() as u32
    } else {
        b.iter().filter(|&&c| (c & 0xC0) != 0x80).count() as u32
    };
    let (mut words, mut stops) = (0u16, 0u16);
    let mut cue = false;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let Token {
            end,
            word: (s, e),
            ascii,
        } = token(b, i);
        i = end + 1;
        // Word = token without surrounding punctuation.
        let (s, e) = if ascii {
            (s, e)
        } else {
            let t = &text[start..end];
            cue |= t.contains('\u{a9}');
            let not_word = |c: char| !c.is_alphanumeric();
            let s = end - t.trim_start_matches(not_word).len();
            (s, start + t.trim_end_matches(not_word).len().max(s - start))
        };
        if s == e {
            continue;
        }
        words = words.saturating_add(1);
        let len = e - s;
        let f = b[s].to_ascii_lowercase().wrapping_sub(b'a');
        if len <= 16 && f < 26 && lex.probe[len] & (1 << f) != 0 {
            let k = pack_lower_at(b, s, len);
            if lex.stop.contains_key(k, len) {
                stops += 1;
            } else if !cue && lex.cue.contains_key(k, len) {
                cue = true;
            }
        }
    }
    let bullet = text.starts_with("- ");
    let body = if bullet { &text[2..] } else { text };
    let upper = body
        .trim_start_matches(['"', '\'', '(', '['])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let tail = text.trim_end_matches(['"', '\'', ')', ']']);
    let terminal = tail.ends_with(['.', '!', '?']);
    Line {
        text,
        chars,
        words,
        stops,
        gap,
        terminal,
        upper,
        ellipsis_end: text.ends_with("..."),
        cue,
        bullet,
        tag: Tag::None,
        class: Class::Short,
        fin: Class::Short,
        keep: false,
    }
}

/// One space-delimited token.
struct Token {
    /// Index of the space (or line end) after it.
    end: usize,
    /// Span from its first to its last ASCII letter or digit; empty if none.
    word: (usize, usize),
    /// No byte >= 0x80 (otherwise `word` is not meaningful).
    ascii: bool,
}

/// The token starting at `i`. Most tokens are short words, read here in one
/// eight-byte load; longer ones (and a line's last bytes) go byte by byte.
#[inline(always)]
fn token(b: &[u8], i: usize) -> Token {
    if i + 8 <= b.len() {
        let x = swar::load(b, i);
        let space = swar::eq(x, b' ');
        if space != 0 {
            let len = swar::first(space);
            let inside = (1u64 << (8 * len)) - 1;
            let alnum = swar::alnum(x) & inside;
            let word = if alnum == 0 {
                (i, i)
            } else {
                let last = (63 - alnum.leading_zeros() as usize) / 8;
                (i + swar::first(alnum), i + last + 1)
            };
            return Token {
                end: i + len,
                word,
                ascii: x & inside & HI == 0,
            };
        }
    }
    let (mut s, mut e) = (usize::MAX, 0);
    let mut high = 0u8;
    let mut j = i;
    while j < b.len() && b[j] != b' ' {
        high |= b[j];
        if b[j].is_ascii_alphanumeric() {
            s = s.min(j);
            e = j + 1;
        }
        j += 1;
    }
    Token {
        end: j,
        word: if e == 0 { (i, i) } else { (s, e) },
        ascii: high < 0x80,
    }
}

/// Initial jusText-style class from length, stop-word density and shape.
pub(crate) fn classify(l: &Line) -> Class {
    let d = l.stop_density();
    if l.chars < 70 {
        Class::Short
    } else if (l.chars >= 200 && d >= 0.30) || (l.chars >= 120 && d >= 0.22 && l.prose()) {
        Class::Good
    } else if d >= 0.30 || (d >= 0.18 && l.prose()) {
        Class::NearGood
    } else {
        Class::Bad
    }
}
