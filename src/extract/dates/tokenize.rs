//! Tokens of interest only: keyword hits from the automaton and numbers from a
//! byte scan, merged in text order. Everything else is "gap" text that the
//! grammar inspects on demand, so ordinary prose costs one automaton pass.

use super::lex::{Keyword, KeywordAutomaton};

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum TokenKind {
    Keyword(Keyword),
    /// A plain number: value and digit count (no separators or decimals).
    Num(u32, u8),
    /// "18th", "1st".
    Ord(u32),
    /// "2024-12-18", "12/18/2024".
    Ymd(i32, u32, u32),
    /// "1990s": the year of the decade's start.
    Decade(i32),
    /// "11:30".
    Clock(u32, u32),
}

/// A token and its byte offsets into the text (end exclusive).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Keyword tokens at word boundaries, numbers, in order.
pub(crate) fn tokens(keywords: &KeywordAutomaton, text: &str, out: &mut Vec<Token>) {
    let b = text.as_bytes();
    let mut nums = Vec::new();
    numbers(b, &mut nums);
    let mut ni = 0;
    for m in keywords.automaton.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if s > 0
            && is_word_byte(b[s - 1])
            && text[..s]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if e < b.len()
            && b[e - 1] != b'.'
            && text[e..].chars().next().is_some_and(char::is_alphabetic)
        {
            continue;
        }
        while ni < nums.len() && nums[ni].start < s {
            out.push(nums[ni]);
            ni += 1;
        }
        out.push(token(
            s,
            e,
            TokenKind::Keyword(keywords.by_pattern[m.pattern().as_usize()]),
        ));
    }
    out.extend_from_slice(&nums[ni..]);
}

fn digits(b: &[u8], mut i: usize) -> (usize, u64) {
    let mut v: u64 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add(u64::from(b[i] - b'0'));
        i += 1;
    }
    (i, v)
}

/// Where a number's shape ends, and its token if it makes one (a malformed
/// date is skipped whole).
type Shape = (usize, Option<TokenKind>);

/// Number tokens: the digits at s..e (value v) and what follows them decide
/// the shape, compound ones (ISO date, US date, clock time) first.
fn numbers(b: &[u8], out: &mut Vec<Token>) {
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let s = i;
        let glued = s > 0 && (is_word_byte(b[s - 1]) || matches!(b[s - 1], b'$' | b'.' | b','));
        let (e, v) = digits(b, i);
        let (end, kind) = iso_date(b, s, e, v)
            .or_else(|| us_date(b, s, e, v))
            .or_else(|| clock(b, s, e, v))
            .unwrap_or_else(|| plain_number(b, s, e, v));
        i = end;
        if let Some(k) = kind
            && !glued
        {
            out.push(token(s, end, k));
        }
    }
}

/// "2024-12-18".
fn iso_date(b: &[u8], s: usize, e: usize, v: u64) -> Option<Shape> {
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    if e - s == 4 && at(e) == b'-' && at(e + 1).is_ascii_digit() {
        let (e2, m) = digits(b, e + 1);
        if e2 - e == 3 && at(e2) == b'-' {
            let (e3, d) = digits(b, e2 + 1);
            if e3 - e2 == 3 && (1..=12).contains(&m) && (1..=31).contains(&d) {
                return Some((e3, Some(TokenKind::Ymd(v as i32, m as u32, d as u32))));
            }
        }
    }
    None
}

/// "12/18/2024", "12/18/24".
fn us_date(b: &[u8], s: usize, e: usize, v: u64) -> Option<Shape> {
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    if e - s <= 2 && at(e) == b'/' && at(e + 1).is_ascii_digit() {
        let (e2, d) = digits(b, e + 1);
        if e2 - e <= 3 && at(e2) == b'/' && at(e2 + 1).is_ascii_digit() {
            let (e3, y) = digits(b, e2 + 1);
            let y = match e3 - e2 - 1 {
                4 => y as i32,
                2 => 1900 + y as i32 + if y < 50 { 100 } else { 0 },
                _ => return Some((e3, None)),
            };
            let ok = (1..=12).contains(&v) && (1..=31).contains(&d);
            return Some((e3, ok.then_some(TokenKind::Ymd(y, v as u32, d as u32))));
        }
    }
    None
}

/// "11:30".
fn clock(b: &[u8], s: usize, e: usize, v: u64) -> Option<Shape> {
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    if e - s <= 2 && at(e) == b':' && at(e + 1).is_ascii_digit() {
        let (e2, m) = digits(b, e + 1);
        let ok = e2 - e == 3 && v <= 24 && m < 60 && !at(e2).is_ascii_digit();
        return Some((e2, ok.then_some(TokenKind::Clock(v as u32, m as u32))));
    }
    None
}

/// A number that is no compound shape: a plain number, an ordinal ("18th"),
/// a decade ("1990s"), or a quantity with separators or decimals (no token).
fn plain_number(b: &[u8], s: usize, e: usize, v: u64) -> Shape {
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    let n = e - s;
    let mut i = e;
    // Separators and decimals make a quantity, never a date part.
    let mut plain = true;
    while matches!(at(i), b',' | b'.') && at(i + 1).is_ascii_digit() {
        plain = false;
        i = digits(b, i + 1).0;
    }
    let k = match (at(i), at(i + 1)) {
        (b's', c) if plain && n == 4 && v.is_multiple_of(10) && !is_word_byte(c) => {
            i += 1;
            Some(TokenKind::Decade(v as i32))
        }
        (b'\'', b's') if plain && n == 4 && v.is_multiple_of(10) && !is_word_byte(at(i + 2)) => {
            i += 2;
            Some(TokenKind::Decade(v as i32))
        }
        (x, y) if plain && n <= 2 && is_suffix(x, y) && !is_word_byte(at(i + 2)) => {
            i += 2;
            Some(TokenKind::Ord(v as u32))
        }
        (b'%', _) => None,
        (x, _) if x.is_ascii_alphabetic() => {
            // "10am"/"10pm" keep the number; other glued letters are codes.
            let ampm = matches!(x | 0x20, b'a' | b'p') && (at(i + 1) | 0x20) == b'm';
            (ampm && plain && !is_word_byte(at(i + 2))).then_some(TokenKind::Num(v as u32, n as u8))
        }
        _ if plain && n <= 4 => Some(TokenKind::Num(v as u32, n as u8)),
        _ => None,
    };
    (i, k)
}

fn is_suffix(x: u8, y: u8) -> bool {
    matches!(
        (x | 0x20, y | 0x20),
        (b's', b't') | (b'n', b'd') | (b'r', b'd') | (b't', b'h')
    )
}

fn token(start: usize, end: usize, kind: TokenKind) -> Token {
    Token { start, end, kind }
}

/// What separates two tokens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Sep {
    Space,
    /// Abbreviation dot: "Dec. 18".
    Dot,
    Comma,
    Hyphen,
    Apos,
    /// A single short word between the tokens.
    Word([u8; 8]),
    Other,
}

pub(crate) fn sep(text: &str, a: usize, b: usize) -> Sep {
    let g = &text.as_bytes()[a..b];
    let t = g.trim_ascii();
    if t.is_empty() {
        return if g.len() <= 3 || !g.contains(&b'\n') {
            Sep::Space
        } else {
            Sep::Other
        };
    }
    match t {
        b"." => return Sep::Dot,
        b"," | b".," => return Sep::Comma,
        b"-" | b"\xe2\x80\x93" | b"\xe2\x80\x94" => return Sep::Hyphen,
        b"'s" | b"\xe2\x80\x99s" => return Sep::Apos,
        _ => {}
    }
    let t = t.strip_prefix(b".").unwrap_or(t).trim_ascii();
    if t.len() <= 8 && t.iter().all(|c| c.is_ascii_alphabetic() || *c == b' ') {
        let mut w = [0u8; 8];
        for (d, c) in w.iter_mut().zip(t) {
            *d = c.to_ascii_lowercase();
        }
        return Sep::Word(w);
    }
    Sep::Other
}

pub(crate) fn word(w: &str) -> Sep {
    let mut a = [0u8; 8];
    a[..w.len()].copy_from_slice(w.as_bytes());
    Sep::Word(a)
}

/// The word just before byte `s` (skipping spaces), lowercased: (start, word).
pub(crate) fn prev_word(text: &str, s: usize) -> Option<(usize, [u8; 12])> {
    let b = text.as_bytes();
    let mut e = s;
    while e > 0 && b[e - 1] == b' ' {
        e -= 1;
    }
    if e == s && s > 0 && b[s - 1] != b'-' {
        return None;
    }
    let mut st = e;
    while st > 0 && b[st - 1].is_ascii_alphabetic() {
        st -= 1;
    }
    if st == e || e - st > 12 || (st > 0 && is_word_byte(b[st - 1])) {
        return None;
    }
    let mut w = [0u8; 12];
    for (d, c) in w.iter_mut().zip(&b[st..e]) {
        *d = c.to_ascii_lowercase();
    }
    Some((st, w))
}

pub(crate) fn is(w: &[u8; 12], s: &str) -> bool {
    w[..s.len()] == *s.as_bytes() && (s.len() == 12 || w[s.len()] == 0)
}
