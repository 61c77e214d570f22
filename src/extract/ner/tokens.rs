//! A single-pass tokenizer for both running news text and CoNLL's
//! space-separated tokens: words (with inner `.`, `-`, `'`, `&`), numbers and
//! single punctuation characters, each with its shape and position flags.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Lower,
    /// Capitalized or mixed case: `Kyiv`, `McDonald`.
    Cap,
    /// Two or more letters, all upper case: `NATO`, `U.S.`.
    Upper,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub shape: Shape,
    pub line: u32,
    /// First word of a sentence (or after an opening quote there).
    pub sent_start: bool,
    /// A word with an inner hyphen (`U.S.-based`).
    pub hyphen: bool,
}

/// Abbreviations that keep their final period, so `Mr.` stays one token.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "gen", "col", "lt",
    "sen", "rep", "gov", "capt", "rev", "vs", "bros", "mt", "ft", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
];

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// The run of ASCII letters and digits at the start of 8 bytes `w` (little
/// endian): its length and its upper- and lowercase letter counts. SWAR:
/// per byte below 0x80, the high bit of `x + (0x80 - c)` is set iff x >= c.
fn ascii_run(w: u64) -> (usize, u32, u32) {
    let ascii = !w & HIGH;
    let low7 = w & !HIGH;
    let ge = |c: u8| low7 + ONES * u64::from(0x80 - c);
    let upper = ge(b'A') & !ge(b'Z' + 1) & ascii;
    let lower = ge(b'a') & !ge(b'z' + 1) & ascii;
    let digit = ge(b'0') & !ge(b'9' + 1) & ascii;
    let stop = !(upper | lower | digit) & HIGH;
    let n = stop.trailing_zeros() as usize / 8;
    let keep = if n == 8 { !0 } else { (1u64 << (8 * n)) - 1 };
    // High bits to ones, summed into the top byte by the multiplication.
    let count = |m: u64| (((m & keep) >> 7).wrapping_mul(ONES) >> 56) as u32;
    (n, count(upper), count(lower))
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The character at byte `i` of `text` (a space past the end), ASCII
/// without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&x) if x < 128 => x as char,
        Some(_) => text[i..].chars().next().unwrap_or(' '),
        None => ' ',
    }
}

/// Whether `c` (first byte `x`) is whitespace, and whether it starts a
/// word. ASCII is decided from the byte, without Unicode tables: `\t`..`\r`
/// are the other whitespace, and no apostrophe is alphanumeric.
#[inline]
fn space_or_alnum(x: u8, c: char) -> (bool, bool) {
    if x < 128 {
        (matches!(x, b'\t'..=b'\r'), x.is_ascii_alphanumeric())
    } else {
        (c.is_whitespace(), c.is_alphanumeric() && !is_apos(c))
    }
}

/// Whether the token after the punctuation `c` starts a sentence: after
/// `.`, `!`, `?` or `:`, and still after an opening quote, bracket or dash
/// that itself starts one (`sent`).
#[inline]
fn sent_after_punct(c: char, sent: bool) -> bool {
    let opener = matches!(c, '"' | '“' | '(' | '\'' | '‘' | '-' | '—');
    matches!(c, '.' | '!' | '?' | ':') || (sent && opener)
}

/// Per line, the words in capitals and those with a lowercase letter:
/// a line with more of the first is a headline in capitals.
#[derive(Default)]
struct LineCase {
    upper_words: u32,
    lower_words: u32,
}

impl LineCase {
    #[inline]
    fn is_caps(&self) -> bool {
        self.upper_words > self.lower_words
    }

    /// The shape of a word scanned as `w`, whose first byte is `x` and first
    /// character `c` (`digit`: a digit), counted toward the line's case.
    #[inline]
    fn word_shape(&mut self, w: &WordScan, x: u8, c: char, digit: bool) -> Shape {
        if digit {
            Shape::Num
        } else if w.upper >= 2 && w.lower == 0 {
            self.upper_words += 1;
            Shape::Upper
        } else if w.upper > 0 && (x.is_ascii_uppercase() || x >= 128 && c.is_uppercase()) {
            self.lower_words += u32::from(w.lower > 0);
            Shape::Cap
        } else {
            self.lower_words += u32::from(w.lower > 0);
            Shape::Lower
        }
    }
}

/// A word as [`scan_word`] finds it: where it ends (before any final
/// period) and what it is made of.
struct WordScan {
    end: usize,
    upper: u32,
    lower: u32,
    hyphen: bool,
}

impl WordScan {
    /// Moves `end` past the ASCII letters and digits there, counting the
    /// letters' cases: 8 bytes at a time, then byte by byte.
    #[inline]
    fn skip_ascii_alnum(&mut self, b: &[u8]) {
        while let Some(c8) = b.get(self.end..self.end + 8) {
            let (n, u, l) = ascii_run(u64::from_le_bytes(c8.try_into().unwrap_or_default()));
            (self.upper, self.lower, self.end) = (self.upper + u, self.lower + l, self.end + n);
            if n < 8 {
                break;
            }
        }
        while let Some(&x) = b.get(self.end) {
            if x.is_ascii_lowercase() {
                self.lower += 1;
            } else if x.is_ascii_uppercase() {
                self.upper += 1;
            } else if !x.is_ascii_digit() {
                break;
            }
            self.end += 1;
        }
    }
}

/// The word starting at byte `start` with a letter or digit (`digit`: a
/// digit, so a number): letters and digits, joined by the inner characters
/// [`joins_word`] allows.
#[inline]
fn scan_word(text: &str, start: usize, digit: bool) -> WordScan {
    let b = text.as_bytes();
    let mut w = WordScan {
        end: start,
        upper: 0,
        lower: 0,
        hyphen: false,
    };
    loop {
        // ASCII letters and digits first, the common case.
        w.skip_ascii_alnum(b);
        let Some(&x) = b.get(w.end) else { break };
        // Any other ASCII character but a joiner ends the word.
        if x < 128 && !matches!(x, b'.' | b'-' | b'&' | b',' | b'/' | b'\'') {
            break;
        }
        let c = char_at(text, w.end);
        // `ʼ` (U+02BC) is a letter to Unicode but an apostrophe in news.
        if c.is_alphanumeric() && !is_apos(c) {
            w.upper += u32::from(c.is_uppercase());
            w.lower += u32::from(c.is_lowercase());
            w.end += c.len_utf8();
            continue;
        }
        if !joins_word(text, w.end, c, digit) {
            break;
        }
        w.hyphen |= c == '-';
        w.end += c.len_utf8();
    }
    w
}

/// Whether `c`, a character at byte `i` inside a word that is neither a
/// letter nor a digit, joins the word with what follows (`U.S`, `Rolls-Royce`,
/// `AT&T`, `O'Neill`, `1,000`) rather than ending it. `digit`: the word is a
/// number.
#[inline]
fn joins_word(text: &str, i: usize, c: char, digit: bool) -> bool {
    let joiner = matches!(c, '.' | '-' | '&' | ',' | '/') || is_apos(c);
    let next = char_at(text, (i + c.len_utf8()).min(text.len()));
    if !joiner || i + c.len_utf8() >= text.len() || !next.is_alphanumeric() {
        return false;
    }
    // Possessive `'s` is a token of its own; `O'Neill` stays whole.
    if is_apos(c) && matches!(next, 's' | 'S') {
        let after = char_at(text, (i + c.len_utf8() + 1).min(text.len()));
        if !after.is_alphanumeric() {
            return false;
        }
    }
    // Commas and slashes only inside numbers: `1,000`, `1/2`.
    if matches!(c, ',' | '/') && !(digit && next.is_numeric()) {
        return false;
    }
    true
}

/// Whether the period right after the word `w`, scanned as `scan`, belongs
/// to it: after an initial (`J.`), in an acronym (`U.S.`) or after a
/// listed abbreviation (`Mr.`). Otherwise it is a token of its own, which
/// ends the sentence.
#[inline]
fn keeps_period(w: &str, scan: &WordScan) -> bool {
    scan.upper + scan.lower == 1
        || w.contains('.')
        || (w.len() <= 4 && ABBREV.iter().any(|a| a.eq_ignore_ascii_case(w)))
}

/// Tokens of `text`, and per line whether it is a headline in capitals.
pub fn tokenize(text: &str, toks: &mut Vec<Tok>, caps_lines: &mut Vec<bool>) {
    toks.clear();
    caps_lines.clear();
    let b = text.as_bytes();
    let (mut i, mut line, mut sent) = (0usize, 0u32, true);
    let mut case = LineCase::default();
    while let Some(&x) = b.get(i) {
        if x == b' ' {
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        let (space, alnum) = space_or_alnum(x, c);
        if space {
            if c == '\n' {
                caps_lines.push(case.is_caps());
                case = LineCase::default();
                line += 1;
                sent = true;
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        if !alnum {
            i += c.len_utf8();
            toks.push(Tok {
                start,
                end: i,
                shape: Shape::Punct,
                line,
                sent_start: sent,
                hyphen: false,
            });
            sent = sent_after_punct(c, sent);
            continue;
        }
        // The first character is a letter or digit: a number starts so.
        let digit = c.is_numeric();
        let w = scan_word(text, start, digit);
        i = w.end;
        if i < b.len() && b[i] == b'.' && !digit && keeps_period(&text[start..i], &w) {
            i += 1;
        }
        toks.push(Tok {
            start,
            end: i,
            shape: case.word_shape(&w, x, c, digit),
            line,
            sent_start: sent,
            hyphen: w.hyphen,
        });
        sent = false;
    }
    caps_lines.push(case.is_caps());
}
