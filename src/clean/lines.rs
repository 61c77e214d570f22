//! Lines of normalized text (each a block: a paragraph, heading or chrome) with
//! the shape features that classification scores.

use super::block;
use super::wordmap::{self, Kind, pack_lower_at};
use super::words::CleanWords;

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
    /// Words that start with a digit (figures: "1,053.0", "17", "2/26").
    pub nums: u16,
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

    /// A row of a table or a figures list: a third of its words are numbers
    /// ("Revs 10.6 mln vs 7,024,000", "MAY 163.50 164.50", "(76.1)."), or
    /// it has dot leaders ("Float.........935 vs....2,125"). Never a long
    /// paragraph.
    pub(crate) fn tabular(&self) -> bool {
        self.chars < 200
            && self.class != Class::Good
            && ((self.nums > 0 && self.nums * 3 >= self.words) || self.text.contains("...."))
    }

    /// A chrome or teaser tag on a table row: what a figures table trips by
    /// its shape alone, not evidence of page structure. A bare number ("0",
    /// "224") is a page's like or comment counter, not a row.
    pub(crate) fn weak_tag(&self) -> bool {
        matches!(self.tag, Tag::Chrome | Tag::Teaser)
            && self.tabular()
            && !self.cue
            && !self.text.bytes().all(|b| b.is_ascii_digit())
    }

    /// The tail of a hard-wrapped sentence that `prev` began (wire copy whose
    /// wrapping survived normalization): "... two cts per" + "share.",
    /// "... in November" + "1985.". Whatever label it looks like, it is text.
    pub(crate) fn continues(&self, prev: &Line) -> bool {
        let open = !prev.terminal && !prev.text.ends_with([':', ';', '-']);
        let low = |t: &str| t.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
        let mid = prev.text.rsplit(' ').next().is_some_and(low);
        let head = self.text.trim_start_matches(['(', '"', '\'']);
        open && mid && prev.chars >= 40 && low(head) && self.chars < 40
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
///
/// One pass over the text, 64 bytes at a time: bitmasks of spaces, line
/// breaks, ASCII letters/digits and non-ASCII bytes give every token (a
/// space-delimited run) its word span without looking at its bytes again.
pub(crate) fn split<'a>(lex: &CleanWords, norm: &'a str) -> Vec<Line<'a>> {
    let b = norm.as_bytes();
    let mut out = Vec::with_capacity(norm.len() / 100 + 4);
    let mut line = Counts::default();
    let mut line_start = 0;
    let mut gap = false;
    // The current token: its start, first ASCII letter/digit (`NONE` if
    // none yet), one past its last, and its non-ASCII bytes (any).
    let mut tok_start = 0;
    let mut first = NONE;
    let mut last = 0;
    let mut high = 0u64;
    let mut base = 0;
    while base <= b.len() {
        let m = block::classes(b, base);
        // Past the end, a delimiter closes the last token and line.
        let end_bit = if b.len() - base < 64 {
            1u64 << (b.len() - base)
        } else {
            0
        };
        let newline = m.newline | end_bit;
        let mut delims = m.space | newline;
        // Bits of the block not yet in a finished token.
        let mut from = u64::MAX;
        loop {
            let bit = delims & delims.wrapping_neg();
            let seg = from & bit.wrapping_sub(1);
            let a = m.alnum & seg;
            if a != 0 {
                if first == NONE {
                    first = base + a.trailing_zeros() as usize;
                }
                last = base + 64 - a.leading_zeros() as usize;
            }
            high |= m.high & seg;
            if bit == 0 {
                break;
            }
            let at = base + bit.trailing_zeros() as usize;
            if high != 0 {
                line.high = true;
                let (s, e) = non_ascii_word(norm, tok_start, at, &mut line.cue);
                line.word(lex, b, s, e);
            } else if first != NONE {
                line.word(lex, b, first, last);
            }
            tok_start = at + 1;
            first = NONE;
            high = 0;
            if newline & bit != 0 {
                let text = &norm[line_start..at];
                if text.is_empty() {
                    gap = true;
                } else {
                    out.push(features(text, gap, &line));
                    gap = false;
                }
                line = Counts::default();
                line_start = at + 1;
            }
            from = !(bit | (bit - 1));
            delims &= delims - 1;
        }
        base += 64;
    }
    out
}

const NONE: usize = usize::MAX;

/// Word counts of the current line.
#[derive(Default)]
struct Counts {
    words: u16,
    stops: u16,
    nums: u16,
    /// Holds a chrome cue word (or a copyright sign).
    cue: bool,
    /// Has a byte >= 0x80.
    high: bool,
}

impl Counts {
    /// Counts the word `b[s..e]` (nothing when empty).
    #[inline(always)]
    fn word(&mut self, lex: &CleanWords, b: &[u8], s: usize, e: usize) {
        if s == e {
            return;
        }
        self.words = self.words.saturating_add(1);
        self.nums = self.nums.saturating_add(u16::from(b[s].is_ascii_digit()));
        let len = e - s;
        let f = b[s].to_ascii_lowercase().wrapping_sub(b'a');
        if len <= 16 && f < 26 && lex.probe[len] & (1 << f) != 0 {
            if len <= wordmap::MAX {
                match lex.words.get(b, s, len) {
                    Kind::Stop => self.stops += 1,
                    Kind::Cue => self.cue = true,
                    Kind::None => {}
                }
            } else if !self.cue && lex.cue.contains_key(pack_lower_at(b, s, len), len) {
                self.cue = true;
            }
        }
    }
}

/// Word span of a token with non-ASCII bytes: without surrounding
/// punctuation (Unicode's idea of alphanumeric). Notes a copyright sign.
#[cold]
fn non_ascii_word(text: &str, start: usize, end: usize, cue: &mut bool) -> (usize, usize) {
    let t = &text[start..end];
    *cue |= t.contains('\u{a9}');
    let not_word = |c: char| !c.is_alphanumeric();
    let s = end - t.trim_start_matches(not_word).len();
    (s, start + t.trim_end_matches(not_word).len().max(s - start))
}

fn features<'a>(text: &'a str, gap: bool, c: &Counts) -> Line<'a> {
    let b = text.as_bytes();
    let chars = if !c.high {
        b.len() as u32
    } else {
        b.iter().filter(|&&c| (c & 0xC0) != 0x80).count() as u32
    };
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
        words: c.words,
        stops: c.stops,
        nums: c.nums,
        gap,
        terminal,
        upper,
        ellipsis_end: text.ends_with("..."),
        cue: c.cue,
        bullet,
        tag: Tag::None,
        class: Class::Short,
        fin: Class::Short,
        keep: false,
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
