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
    /// All bytes ASCII.
    pub ascii: bool,
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

/// Tokens of `text`, and per line whether it is a headline in capitals.
pub fn tokenize(text: &str, toks: &mut Vec<Tok>, caps_lines: &mut Vec<bool>) {
    toks.clear();
    caps_lines.clear();
    let b = text.as_bytes();
    let (mut i, mut line, mut sent) = (0usize, 0u32, true);
    let (mut upper_words, mut lower_words) = (0u32, 0u32);
    // The character at byte `i` (a space past the end), ASCII without decoding.
    let char_at = |i: usize| match b.get(i) {
        Some(&x) if x < 128 => x as char,
        Some(_) => text[i..].chars().next().unwrap_or(' '),
        None => ' ',
    };
    while let Some(&x) = b.get(i) {
        if x == b' ' {
            i += 1;
            continue;
        }
        let c = char_at(i);
        // ASCII: `\t`..`\r` are the other whitespace, and no apostrophe
        // is alphanumeric.
        let (space, alnum) = if x < 128 {
            (matches!(x, b'\t'..=b'\r'), x.is_ascii_alphanumeric())
        } else {
            (c.is_whitespace(), c.is_alphanumeric() && !is_apos(c))
        };
        if space {
            if c == '\n' {
                caps_lines.push(upper_words > lower_words);
                (upper_words, lower_words) = (0, 0);
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
                ascii: c.is_ascii(),
            });
            let opener = matches!(c, '"' | '“' | '(' | '\'' | '‘' | '-' | '—');
            sent = matches!(c, '.' | '!' | '?' | ':') || (sent && opener);
            continue;
        }
        // The first character is a letter or digit: a number starts so.
        let digit = c.is_numeric();
        let (mut upper, mut lower, mut hyphen, mut ascii) = (0u32, 0u32, false, true);
        loop {
            // ASCII letters and digits first, 8 bytes at a time.
            while let Some(c8) = b.get(i..i + 8) {
                let (n, u, l) = ascii_run(u64::from_le_bytes(c8.try_into().unwrap_or_default()));
                (upper, lower, i) = (upper + u, lower + l, i + n);
                if n < 8 {
                    break;
                }
            }
            while let Some(&x) = b.get(i) {
                if x.is_ascii_lowercase() {
                    lower += 1;
                } else if x.is_ascii_uppercase() {
                    upper += 1;
                } else if !x.is_ascii_digit() {
                    break;
                }
                i += 1;
            }
            let Some(&x) = b.get(i) else { break };
            // Any other ASCII character but a joiner ends the word.
            if x < 128 && !matches!(x, b'.' | b'-' | b'&' | b',' | b'/' | b'\'') {
                break;
            }
            let c = char_at(i);
            // `ʼ` (U+02BC) is a letter to Unicode but an apostrophe in news.
            if c.is_alphanumeric() && !is_apos(c) {
                upper += u32::from(c.is_uppercase());
                lower += u32::from(c.is_lowercase());
                ascii &= c.is_ascii();
                i += c.len_utf8();
                continue;
            }
            let joiner = matches!(c, '.' | '-' | '&' | ',' | '/') || is_apos(c);
            let next = char_at((i + c.len_utf8()).min(text.len()));
            if !joiner || i + c.len_utf8() >= b.len() || !next.is_alphanumeric() {
                break;
            }
            // Possessive `'s` is a token of its own; `O'Neill` stays whole.
            if is_apos(c) && matches!(next, 's' | 'S') {
                let after = char_at((i + c.len_utf8() + 1).min(text.len()));
                if !after.is_alphanumeric() {
                    break;
                }
            }
            // Commas and slashes only inside numbers: `1,000`, `1/2`.
            if matches!(c, ',' | '/') && !(digit && next.is_numeric()) {
                break;
            }
            hyphen |= c == '-';
            ascii &= c.is_ascii();
            i += c.len_utf8();
        }
        if i < b.len() && b[i] == b'.' && !digit {
            let w = &text[start..i];
            let keep = upper + lower == 1
                || w.contains('.')
                || (w.len() <= 4 && ABBREV.iter().any(|a| a.eq_ignore_ascii_case(w)));
            if keep {
                i += 1;
            }
        }
        let shape = if digit {
            Shape::Num
        } else if upper >= 2 && lower == 0 {
            upper_words += 1;
            Shape::Upper
        } else if upper > 0 && (x.is_ascii_uppercase() || x >= 128 && c.is_uppercase()) {
            lower_words += u32::from(lower > 0);
            Shape::Cap
        } else {
            lower_words += u32::from(lower > 0);
            Shape::Lower
        };
        toks.push(Tok {
            start,
            end: i,
            shape,
            line,
            sent_start: sent,
            hyphen,
            ascii,
        });
        sent = false;
    }
    caps_lines.push(upper_words > lower_words);
}
