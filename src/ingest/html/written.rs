//! Values as people write them on pages: days with month names ("Dec 19th
//! 2025", "19 December 2025") and text still holding HTML entities (JSON-LD
//! is not entity-decoded by the parser, and some sites encode twice).

use chrono::NaiveDate;

/// The months' names in lower case, January first.
pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The first day written with its month's name in `text`: `Month D, YYYY`
/// or `D Month YYYY`, with ordinals ("19th"), abbreviations ("Sept.") and
/// commas. The month must be capitalized, so "may" the verb is no month.
pub fn first_written_day(text: &str) -> Option<NaiveDate> {
    let words = Words::new(text);
    let mut window: [Option<Word>; 3] = [None; 3];
    for w in words {
        window = [window[1], window[2], Some(w)];
        if let [Some(a), Some(b), Some(c)] = window
            && let Some(day) = day_of(text, a, b, c)
        {
            return Some(day);
        }
    }
    None
}

/// The first day written in digits in `text` whose order is certain:
/// `D.M.YYYY` with dots, as German and Nordic pages write it, or
/// `M/D/YYYY` and `D/M/YYYY` with slashes when one part is over 12
/// ("10/31/2024"). "3/4/2025" is March 4 on American pages and April 3 on
/// British ones, so it gives no day.
pub fn first_numeric_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let mut at = 0;
    while at < b.len() {
        if !b[at].is_ascii_digit() || (at > 0 && is_numeric_part(b[at - 1])) {
            at += 1;
            continue;
        }
        if let Some(day) = numeric_day_at(&b[at..]) {
            return Some(day);
        }
        at += 1;
    }
    None
}

fn is_numeric_part(c: u8) -> bool {
    c.is_ascii_digit() || c == b'.' || c == b'/'
}

/// The day at the start of `b`, a digit not continuing a number.
fn numeric_day_at(b: &[u8]) -> Option<NaiveDate> {
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let first = digits(0);
    let sep = *b.get(first)?;
    if !(1..=2).contains(&first) || !matches!(sep, b'.' | b'/') {
        return None;
    }
    let second = digits(first + 1);
    let year_at = first + 1 + second;
    if !(1..=2).contains(&second) || b.get(year_at) != Some(&sep) || digits(year_at + 1) != 4 {
        return None;
    }
    let end = year_at + 5;
    // Not part of a longer run: "1.2.2025.3", "10/31/20241".
    if b.get(end)
        .is_some_and(|&c| is_numeric_part(c) && b.get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    // The parts are ASCII digits, checked above.
    let number = |from: usize, len: usize| {
        b[from..from + len]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let (x, y, year) = (
        number(0, first),
        number(first + 1, second),
        number(year_at + 1, 4),
    );
    let (month, day) = match sep {
        b'.' => (y, x),
        _ if x > 12 => (y, x),
        _ if y > 12 || x == y => (x, y),
        _ => return None,
    };
    (1900..=2100)
        .contains(&year)
        .then(|| NaiveDate::from_ymd_opt(year as i32, month, day))
        .flatten()
}

#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    /// Whether only spaces, commas and dots separate it from the word
    /// before.
    joined: bool,
}

/// Runs of ASCII letters and digits, a digit run ending at a letter run
/// ("19th") kept as one word.
struct Words<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words {
            bytes: text.as_bytes(),
            at: 0,
        }
    }
}

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let b = self.bytes;
        let gap_start = self.at;
        while self.at < b.len() && !b[self.at].is_ascii_alphanumeric() {
            self.at += 1;
        }
        if self.at >= b.len() {
            return None;
        }
        let gap = &b[gap_start..self.at];
        let joined = gap.len() <= 3 && gap.iter().all(|&c| matches!(c, b' ' | b',' | b'.'));
        let start = self.at;
        while self.at < b.len() && b[self.at].is_ascii_alphanumeric() {
            self.at += 1;
        }
        Some(Word {
            start,
            end: self.at,
            joined,
        })
    }
}

fn day_of(text: &str, a: Word, b: Word, c: Word) -> Option<NaiveDate> {
    if !(b.joined && c.joined) {
        return None;
    }
    let s = |w: Word| &text[w.start..w.end];
    // Not the tail of a longer number or word run such as "2 19 December".
    let (month, day) = match month_of(s(a)) {
        Some(m) => (m, day_number(s(b))?),
        None => (month_of(s(b))?, day_number(s(a))?),
    };
    let year = s(c);
    if year.len() != 4 || !year.bytes().all(|d| d.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// 1-12 for a capitalized month name or its abbreviation of three letters
/// ("Sept" too).
fn month_of(word: &str) -> Option<u32> {
    if !word.as_bytes().first()?.is_ascii_uppercase() || word.len() < 3 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| {
        *m == lower
            || (lower.len() == 3 && m.starts_with(&lower))
            || (lower == "sept" && m.starts_with("sep"))
    })?;
    Some(i as u32 + 1)
}

/// 1-31 from "7", "07" or "7th".
fn day_number(word: &str) -> Option<u32> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = &word[digits..];
    if !(1..=2).contains(&digits) || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let n: u32 = word[..digits].parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

/// Replaces HTML character references (`&amp;`, `&#8217;`, `&#x26;` and the
/// common named ones) in text that did not pass through the HTML parser.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // ';' is ASCII: where it is found is a char boundary.
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        match end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e))) {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        first_written_day(s).map(|d| d.to_string())
    }

    #[test]
    fn written_days_in_the_forms_pages_use() {
        assert_eq!(
            day("Posted on December 19, 2025 by Jo"),
            Some("2025-12-19".into())
        );
        assert_eq!(day("Updated: Dec 19th 2025"), Some("2025-12-19".into()));
        assert_eq!(day("Sat, 20 Dec, 2025 - 06:36"), Some("2025-12-20".into()));
        assert_eq!(day("Sept. 3, 2024"), Some("2024-09-03".into()));
        assert_eq!(day("le 3 March 2019 à Paris"), Some("2019-03-03".into()));
    }

    #[test]
    fn no_day_without_all_three_parts_side_by_side() {
        assert_eq!(day("may 5, 2024"), None);
        assert_eq!(day("In May 2024 the law"), None);
        assert_eq!(day("February 30, 2024"), None);
        assert_eq!(day("March 5 / 2024"), None);
        assert_eq!(day("March 5, 12024"), None);
        assert_eq!(day("Mar 99, 2024"), None);
    }

    #[test]
    fn numeric_days_only_where_their_order_is_certain() {
        let day = |s: &str| first_numeric_day(s).map(|d| d.to_string());
        assert_eq!(
            day("Elliot Raba 23.07.2025 · 6 min"),
            Some("2025-07-23".into())
        );
        assert_eq!(day("Stand: 1.2.2024"), Some("2024-02-01".into()));
        assert_eq!(day("Updated: 10/31/2024"), Some("2024-10-31".into()));
        assert_eq!(day("le 31/10/2024"), Some("2024-10-31".into()));
        assert_eq!(day("5/5/2025"), Some("2025-05-05".into()));
        assert_eq!(day("3/4/2025"), None);
        assert_eq!(day("version 1.2.2025.3"), None);
        assert_eq!(day("v2.1.12.2024"), None);
        assert_eq!(day("31.02.2024"), None);
        assert_eq!(day("12/31/20245"), None);
    }

    #[test]
    fn entities_in_json_ld_text_are_decoded() {
        assert_eq!(decode_entities("Maria &amp; Katerina"), "Maria & Katerina");
        assert_eq!(
            decode_entities("Traveler&#8217;s &#x26; co"),
            "Traveler\u{2019}s & co"
        );
        assert_eq!(
            decode_entities("AT&T; 5 & 6 &bogus;"),
            "AT&T; 5 & 6 &bogus;"
        );
        // Found by fuzzing: the twelfth byte inside a character.
        assert_eq!(decode_entities("&amp;Macronó;"), "&Macronó;");
    }
}
