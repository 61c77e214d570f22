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
}

/// Abbreviations that keep their final period, so `Mr.` stays one token.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "gen", "col", "lt",
    "sen", "rep", "gov", "capt", "rev", "vs", "bros", "mt", "ft", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
];

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
    let char_at = |i: usize| text[i..].chars().next().unwrap_or(' ');
    while i < b.len() {
        let c = if b[i] < 128 { b[i] as char } else { char_at(i) };
        if c.is_whitespace() {
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
        if !c.is_alphanumeric() || is_apos(c) {
            i += c.len_utf8();
            toks.push(Tok {
                start,
                end: i,
                shape: Shape::Punct,
                line,
                sent_start: sent,
            });
            let opener = matches!(c, '"' | '“' | '(' | '\'' | '‘' | '-' | '—');
            sent = matches!(c, '.' | '!' | '?' | ':') || (sent && opener);
            continue;
        }
        let (mut upper, mut lower, mut digit) = (0u32, 0u32, false);
        loop {
            let c = if i < b.len() && b[i] < 128 {
                b[i] as char
            } else if i < b.len() {
                char_at(i)
            } else {
                break;
            };
            // `ʼ` (U+02BC) is a letter to Unicode but an apostrophe in news.
            if c.is_alphanumeric() && !is_apos(c) {
                upper += u32::from(c.is_uppercase());
                lower += u32::from(c.is_lowercase());
                digit |= i == start && c.is_numeric();
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
        } else if upper > 0 && text[start..].starts_with(|c: char| c.is_uppercase()) {
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
        });
        sent = false;
    }
    caps_lines.push(upper_words > lower_words);
}
