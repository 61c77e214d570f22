//! Context-free detectors for one line: chrome markers, captions, bylines,
//! author names, roles and bios. Each looks at a line's shape and a few word
//! lists, never at a particular site's strings.

use super::lines::{Line, Tag};
use super::words::{CleanWords, marker_key_in};

/// Chrome or end-of-article marker, from labels, prefixes, shapes and phrases.
pub(crate) fn marker(lex: &CleanWords, l: &Line) -> Tag {
    let t = l.text;
    let mut buf = [0u8; 64];
    if t.len() > 80 {
        // Too long for a label; skip straight to the cheap shape checks.
    } else if let Some(key) = marker_key_in(t, &mut buf) {
        if lex.end_lines.contains(key) {
            return Tag::End;
        }
        if lex.chrome_lines.contains(key) || key.is_empty() {
            return Tag::Chrome;
        }
    }
    if has_prefix(lex, t)
        || !t.chars().any(char::is_alphabetic)
        || is_code_token(t)
        || is_breadcrumb(l)
    {
        return Tag::Chrome;
    }
    if l.chars <= 80 && is_date_line(lex, t) {
        return Tag::Chrome;
    }
    // Calls to action and notices are short; a long paragraph mentioning a
    // newsletter is still prose.
    if l.cue && l.chars < 250 && lex.phrases.is_match(t) {
        return Tag::Chrome;
    }
    Tag::None
}

fn has_prefix(lex: &CleanWords, t: &str) -> bool {
    let n = t.len().min(40);
    let mut buf = [0u8; 40];
    let head = &mut buf[..n];
    head.copy_from_slice(&t.as_bytes()[..n]);
    head.make_ascii_lowercase();
    let Some(&first) = head.first() else {
        return false;
    };
    lex.prefixes[first as usize]
        .iter()
        .any(|p| head.starts_with(p.as_bytes()))
}

/// One "word" with an underscore or markup: a template placeholder like spot_img.
fn is_code_token(t: &str) -> bool {
    !t.contains(' ') && (t.contains('_') || t.contains('<') || t.contains('{'))
}

/// Navigation trail or link row: "Home > World > Europe", "News | Sport | Weather".
fn is_breadcrumb(l: &Line) -> bool {
    if l.chars > 150 || l.terminal {
        return false;
    }
    let sep = |w: &&str| matches!(*w, ">" | "\u{bb}" | "|" | "/" | "\u{2022}" | "\u{b7}");
    l.text.split(' ').filter(sep).count() >= 2
}

/// Date, time and reading-time lines: "Dec. 9, 2024 10:15 AM", "2 min read".
fn is_date_line(lex: &CleanWords, t: &str) -> bool {
    let mut digits = false;
    let mut n = 0;
    for tok in t.split(' ') {
        n += 1;
        let w = tok.trim_matches(|c: char| ",.;:()[]|\u{b7}\u{2022}".contains(c));
        if w.is_empty() {
            continue;
        }
        let b = w.as_bytes();
        if b[0].is_ascii_digit() {
            // 2024, 10:15, 12/09/2024, 9th, 18-19
            let rest_ok = b
                .iter()
                .all(|c| c.is_ascii_digit() || b":/-.,".contains(c) || c.is_ascii_lowercase());
            if !rest_ok {
                return false;
            }
            digits = true;
        } else if !lex.date.contains_lower(
            w.trim_end_matches(['+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                .as_bytes(),
        ) {
            return false;
        }
    }
    digits && n <= 12
}

/// Photo caption or credit line.
pub(crate) fn is_caption(lex: &CleanWords, l: &Line) -> bool {
    let t = l.text;
    if l.chars > 600 {
        return false;
    }
    // "... in Paris. (Name - Agency via Getty Images)"
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
        && has_credit_word(lex, &t[open + 1..t.len() - 1])
    {
        return true;
    }
    // "Photo: Name / Agency" at the start, or after the description at the end.
    let heads: [&str; 11] = [
        "photo:",
        "photo by ",
        "photograph:",
        "photo credit",
        "image:",
        "picture:",
        "pictured:",
        "caption:",
        "credit:",
        "illustration:",
        "(photo",
    ];
    let f = t.as_bytes()[0].to_ascii_lowercase();
    if matches!(f, b'p' | b'i' | b'c' | b'(') && heads.iter().any(|h| starts_with_ci(t, h)) {
        return true;
    }
    // The credit sits in the last ~120 bytes.
    if l.terminal {
        return false;
    }
    let tail_at = floor_boundary(t, t.len().saturating_sub(120));
    let tail = &t[tail_at..];
    lex.credit_cues
        .find_iter(tail)
        .last()
        .is_some_and(|m| tail_at + m.start() > 0 && tail.len() - m.end() < 100)
}

/// Largest char boundary <= i.
pub(crate) fn floor_boundary(t: &str, mut i: usize) -> usize {
    while i > 0 && !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn has_credit_word(lex: &CleanWords, s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .any(|w| lex.credit.contains_lower(w.as_bytes()))
}

fn starts_with_ci(t: &str, p: &str) -> bool {
    t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

/// Author named by a byline ("By Jane Doe, Reuters" -> "Jane Doe").
pub(crate) fn byline<'a>(l: &Line<'a>) -> Option<&'a str> {
    let t = l.text;
    if l.chars > 120 || l.terminal {
        return None;
    }
    let rest = [
        "By ",
        "BY ",
        "Written by ",
        "Words by ",
        "Story by ",
        "Reporting by ",
        "Author: ",
        "Authors: ",
    ]
    .iter()
    .find_map(|p| t.strip_prefix(p))?;
    let end = [
        ",",
        ";",
        "|",
        " - ",
        " \u{2014} ",
        " for ",
        " on ",
        " in ",
        " at ",
        " \u{b7} ",
        " -",
    ]
    .iter()
    .filter_map(|s| rest.find(s))
    .min()
    .unwrap_or(rest.len());
    let name = rest[..end].trim();
    let ok = name
        .split(' ')
        .all(|w| name_token(w) || matches!(w, "and" | "&"));
    let words = name.split(' ').count();
    (ok && (1..=8).contains(&words)).then_some(name)
}

/// "Jane", "O'Neil", "J.", "Smith-Jones"; lowercase name particles allowed.
fn name_token(w: &str) -> bool {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => {
            cs.all(|c| c.is_alphabetic() || c == '.' || c == '\'' || c == '-')
        }
        _ => matches!(
            w,
            "de" | "van" | "von" | "der" | "da" | "al" | "bin" | "la" | "le" | "du"
        ),
    }
}

/// A line that is just a person's name: 2-4 capitalized words.
pub(crate) fn is_name_line(lex: &CleanWords, l: &Line) -> bool {
    l.chars <= 40
        && (2..=4).contains(&l.words)
        && !l.terminal
        && l.text.split(' ').all(name_token)
        && !l
            .text
            .split(' ')
            .any(|w| lex.role.contains_lower(w.as_bytes()))
}

/// A short job-title line: "News Editor", "Senior Correspondent, Kyiv".
pub(crate) fn is_role_line(lex: &CleanWords, l: &Line) -> bool {
    l.chars <= 60
        && l.words <= 6
        && !l.terminal
        && l.text
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| lex.role.contains_lower(w.as_bytes()))
}

/// Name of the person an author bio is about: "Jane Doe is a reporter for ...".
pub(crate) fn bio_name<'a>(lex: &CleanWords, l: &Line<'a>) -> Option<&'a str> {
    let t = l.text;
    if !l.upper || l.bullet {
        return None;
    }
    let head = &t.as_bytes()[..t.len().min(64)];
    let is_at = (1..head.len().saturating_sub(3)).find(|&i| &head[i..i + 4] == b" is ")?;
    let name = &t[..is_at];
    let n = name.split(' ').count();
    if !(1..=4).contains(&n) || !name.split(' ').all(name_token) {
        return None;
    }
    // The role must come early, in the bio's first sentence.
    let after = &t[is_at + 4..];
    let first = after.split(". ").next().unwrap_or(after);
    let role = first.split(' ').take(12).any(|w| {
        lex.role
            .contains_lower(w.trim_matches(|c: char| !c.is_alphanumeric()).as_bytes())
    });
    role.then_some(name)
}
